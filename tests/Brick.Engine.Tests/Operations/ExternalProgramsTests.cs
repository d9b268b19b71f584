using Brick.Engine.Programs;
using Brick.Engine.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static Brick.Engine.Tests.Support.Sizes;

namespace Brick.Engine.Tests.Operations;

/// <summary>The production command runner starting a real program in place of multipathd, on a sysfs tree in a temp folder.</summary>
public sealed class ExternalProgramsTests : IDisposable
{
    private readonly DirectoryInfo _bin = Directory.CreateTempSubdirectory("brick-bin-");

    public void Dispose() => _bin.Delete(recursive: true);

    [Fact]
    public async Task A_multipathd_program_is_called_as_the_real_one_with_the_dev_node_of_the_map()
    {
        var calls = Path.Combine(_bin.FullName, "calls");
        var runner = new CliWrapCommandRunner(NullLogger<CliWrapCommandRunner>.Instance);
        await using var sim = new SimulatedEngine(fallback: runner, commands: SimulatedPathsWith(Path.Combine(_bin.FullName, "multipathd")));
        var volume = sim.Host.AddIscsiVolume(1 * GiB);
        var tree = sim.Host.Directory;
        Scripts.Write(_bin, "multipathd", $$"""
            echo "$@" >> {{calls}}
            dev=${3#/dev/}
            for slave in {{tree}}/sys/block/$dev/slaves/*; do size=$(cat $slave/size); done
            echo $size > {{tree}}/sys/block/$dev/size
            echo ok
            """);
        volume.Lun.Grow(2 * GiB);

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal($"resize map /dev/{volume.Map}", (await File.ReadAllTextAsync(calls, TestContext.Current.CancellationToken)).Trim());
        Assert.Equal(1, runner.Started);
    }

    private static ProgramPaths SimulatedPathsWith(string multipathd) =>
        Brick.Simulation.SimulatedHost.Commands with { Multipathd = multipathd };
}
