using Brick.Contracts;
using Brick.Engine.Tests.Support;
using Brick.Simulation.Devices;
using Brick.Simulation.Multipathd;
using static Brick.Testing.Sizes;

namespace Brick.Engine.Tests.Operations;

/// <summary>
/// The production command runner starting real processes: the simulated host's stand-in executables, which answer as
/// its in-process programs do.
/// </summary>
public sealed class ExternalProgramsTests : IAsyncLifetime
{
    private readonly SimulatedEngine _sim = new(processes: true);
    private SimulatedVolume _volume = null!;

    public ValueTask InitializeAsync()
    {
        _volume = _sim.Host.AddIscsiVolume(1 * GiB);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _sim.DisposeAsync();

    [Fact]
    public async Task A_multipathd_program_is_called_as_the_real_one_with_the_dev_node_of_the_map()
    {
        _volume.Lun.Grow(2 * GiB);

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(2 * GiB, _sim.Host.SizeOf(_volume.Map!));
        Assert.Equal($"multipathd resize map /dev/{_volume.Map}", Assert.Single(_sim.Host.ProgramCalls).ToString());
        Assert.Equal(1, _sim.ProcessRunner.Started);
    }

    [Fact]
    public async Task A_scripted_reply_reaches_the_engine_through_the_process()
    {
        _volume.Lun.Grow(2 * GiB);
        _sim.Host.Multipathd.Then(MultipathdReply.Fail);

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.Equal(ResizeFailureReason.MultipathResizeFailed, outcome.Reason);
        Assert.Equal(1 * GiB, _sim.Host.SizeOf(_volume.Map!));
        Assert.Equal(1, _sim.ProcessRunner.Started);
    }

    [Fact]
    public async Task A_hanging_multipathd_process_is_killed_at_its_time_limit()
    {
        _volume.Lun.Grow(2 * GiB);
        _sim.Host.Multipathd.Then(MultipathdReply.Hang);

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.Equal(ResizeFailureReason.CommandFailed, outcome.Reason);
        Assert.Contains("timed out", outcome.Detail);
        Assert.Equal(1, _sim.ProcessRunner.Started);
    }
}
