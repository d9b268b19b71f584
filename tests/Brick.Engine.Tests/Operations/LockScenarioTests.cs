using System.Diagnostics;
using Brick.Contracts;
using Brick.Engine.Operations;
using Brick.Engine.Programs;
using Brick.Engine.Tests.Support;
using Brick.Simulation.Devices;
using Brick.Simulation.Hosts;
using Brick.Simulation.StandIns;
using Microsoft.Extensions.Logging.Abstractions;
using static Brick.Testing.Sizes;

namespace Brick.Engine.Tests.Operations;

/// <summary>
/// The locks of issue 10 (fix 7) on a simulated two-path multipath volume: by device as well as by volume, and on the
/// host's lock files, which every brick-worker process (run, extend) shares.
/// </summary>
public sealed class LockScenarioTests : IAsyncLifetime
{
    private readonly SimulatedEngine _sim = new();
    private SimulatedVolume _volume = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _volume = _sim.Host.AddIscsiVolume(10 * GiB, paths: 2, multipath: true);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _sim.DisposeAsync();

    private string LockDirectory => Path.Combine(_sim.Host.Directory, "run", "brick-worker");

    [Fact]
    public void A_simulated_tree_keeps_its_lock_files_beside_its_dev_and_the_real_host_in_run()
    {
        Assert.Equal(LockDirectory, LockDirectories.DefaultFor(_sim.Host.Roots));
        Assert.Equal("/run/brick-worker", LockDirectories.DefaultFor(Brick.Engine.Kernel.KernelRoots.Real));
    }

    [Fact]
    public async Task Two_volume_ids_that_resolve_to_one_map_never_run_multipathd_on_it_at_once()
    {
        var runner = new OverlapRecorder(_sim.Runner);
        var engine = Engine(runner);
        _sim.Host.ProgramLatency = TimeSpan.FromMilliseconds(200);
        _volume.Lun.Grow(20 * GiB);

        var outcomes = await Task.WhenAll(
            Extend(engine, "vol-a", 20 * GiB),
            Extend(engine, "vol-b", 20 * GiB));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Detail));
        Assert.Equal(1, runner.MostAtOnce);
        Assert.Equal(1, _sim.Host.Multipathd.Calls); // the second found the map grown and left it alone
        Assert.Equal(2, engine.HostOperations);
    }

    [Fact]
    public async Task Two_engines_on_one_host_like_the_service_and_the_cli_exclude_each_other_through_the_lock_files()
    {
        var runner = new OverlapRecorder(_sim.Runner);
        var service = Engine(runner);
        var cli = Engine(runner);
        _sim.Host.ProgramLatency = TimeSpan.FromMilliseconds(200);
        _volume.Lun.Grow(20 * GiB);

        var outcomes = await Task.WhenAll(Extend(service, "vol-a", 20 * GiB), Extend(cli, "VOL-A", 20 * GiB));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Detail));
        Assert.Equal(1, runner.MostAtOnce);
        Assert.Equal(1, _sim.Host.Multipathd.Calls);
        Assert.True(File.Exists(Path.Combine(LockDirectory, VolumeKey.LockName("vol-a") + ".lock")));
        Assert.True(File.Exists(Path.Combine(LockDirectory, $"device-{_volume.Map}.lock")));
    }

    [Fact]
    public async Task An_operation_waits_while_another_process_holds_its_volume_lock_file()
    {
        Directory.CreateDirectory(LockDirectory);
        var file = Path.Combine(LockDirectory, VolumeKey.LockName("Vol-A") + ".lock");
        using var holder = Process.Start(new ProcessStartInfo("flock", ["--exclusive", file, "sleep", "0.5"]))!;
        await WaitUntilLockedAsync(file);
        _volume.Lun.Grow(20 * GiB);
        var clock = Stopwatch.StartNew();

        var outcome = await Extend(_sim.Engine, "vol-a", 20 * GiB);

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"it ran after {clock.Elapsed.TotalMilliseconds} ms, while the lock was held");
        Assert.Equal(0, holder.HasExited ? holder.ExitCode : 0);
    }

    [Fact]
    public async Task A_device_lock_file_held_past_the_operation_limit_ends_it_as_retriable_with_nothing_written()
    {
        var engine = Engine(_sim.Runner, SimulatedEngine.FastOptions with { OperationTimeout = TimeSpan.FromMilliseconds(400) });
        Directory.CreateDirectory(LockDirectory);
        await using var held = new FileStream(Path.Combine(LockDirectory, $"device-{_volume.Map}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        _volume.Lun.Grow(20 * GiB);

        var outcome = await Extend(engine, "vol-a", 20 * GiB);

        Assert.False(outcome.Succeeded);
        Assert.True(outcome.Retriable);
        Assert.Contains("waiting for the locks of its devices", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(0, _sim.Host.RescansWritten);
        Assert.Equal(0, _sim.Host.Multipathd.Calls);
    }

    private VolumeExtender Engine(ICommandRunner runner, Brick.Engine.Core.EngineOptions? options = null) =>
        new(_sim.Host.Roots, SimulatedHost.Commands, runner, options ?? SimulatedEngine.FastOptions, TimeProvider.System,
            NullLogger<VolumeExtender>.Instance);

    private async Task<Brick.Engine.Outcomes.ExtendOutcome> Extend(VolumeExtender engine, string volumeId, long size)
    {
        var validation = _sim.Validate(_volume.Request(SimulatedEngine.HostName, size, volumeId));
        Assert.True(validation.IsValid, validation.Detail);
        return await engine.ExtendAsync(validation.Request!, Token);
    }

    private static async Task WaitUntilLockedAsync(string file)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                await using (new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
                {
                }
            }
            catch (IOException)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "flock did not take the lock within 10 s.");
            await Task.Delay(5, Token);
        }
    }

    /// <summary>Counts how many multipathd calls run at once.</summary>
    private sealed class OverlapRecorder(ICommandRunner inner) : ICommandRunner
    {
        private int _now;
        private int _most;

        public int MostAtOnce => _most;

        public async Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _now);
            lock (this)
                _most = Math.Max(_most, now);
            try
            {
                return await inner.RunAsync(command, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _now);
            }
        }
    }
}
