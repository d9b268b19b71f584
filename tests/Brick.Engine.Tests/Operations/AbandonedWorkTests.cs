using System.Diagnostics;
using Brick.Contracts;
using Brick.Engine.Operations;
using Brick.Engine.Outcomes;
using Brick.Engine.Programs;
using Brick.Engine.Tests.Support;
using Brick.Simulation.Devices;
using Brick.Simulation.Hosts;
using Brick.Simulation.StandIns;
using static Brick.Testing.Sizes;

namespace Brick.Engine.Tests.Operations;

/// <summary>
/// Waits the engine cannot cut short: a rescan write stuck in the kernel, a program that does not die when killed, a
/// runner that throws. The operation ends on time with its reason; the volume stays locked while the work is in flight.
/// </summary>
public sealed class AbandonedWorkTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task A_rescan_write_that_blocks_in_the_kernel_ends_the_operation_within_its_limit_as_CommandFailed()
    {
        await using var sim = new SimulatedEngine(SimulatedEngine.FastOptions with { CommandTimeout = TimeSpan.FromMilliseconds(500) });
        var volume = sim.Host.AddIscsiVolume(1 * GiB);
        var other = sim.Host.AddIscsiVolume(1 * GiB);
        volume.Lun.Grow(2 * GiB);
        sim.Host.BlockRescans(volume.Paths[0]);
        var clock = Stopwatch.StartNew();

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.Equal(ResizeFailureReason.CommandFailed, outcome.Reason);
        Assert.Contains($"rescan write to {volume.Paths[0]} did not return within 0.5 s", outcome.Detail);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.Empty(sim.Runner.Calls);

        await AssertLockedUntilAsync(sim, volume, other, release: () => sim.Host.ReleaseRescans(volume.Paths[0]));
    }

    [Fact]
    public async Task A_rescan_write_that_blocks_keeps_the_volume_and_device_lock_files_held_until_it_returns()
    {
        await using var sim = new SimulatedEngine(SimulatedEngine.FastOptions with { CommandTimeout = TimeSpan.FromMilliseconds(300) });
        var volume = sim.Host.AddIscsiVolume(1 * GiB);
        volume.Lun.Grow(2 * GiB);
        sim.Host.BlockRescans(volume.Paths[0]);
        var locks = Path.Combine(sim.Host.Directory, "run", "brick-worker");
        string[] files = [VolumeKey.LockName("vol-1") + ".lock", $"device-{volume.Paths[0]}.lock", $"device-{volume.Paths[1]}.lock"];

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));
        await Task.Delay(Settle, TestContext.Current.CancellationToken);

        Assert.Equal(ResizeFailureReason.CommandFailed, outcome.Reason);
        Assert.All(files, file => Assert.False(CanLock(Path.Combine(locks, file)), $"{file} was released while the rescan write was stuck"));

        sim.Host.ReleaseRescans(volume.Paths[0]);
        var deadline = Stopwatch.StartNew();
        while (!files.All(file => CanLock(Path.Combine(locks, file))))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the lock files stayed held after the rescan write returned");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task A_rescan_write_that_blocks_longer_than_the_operation_ends_it_at_the_operation_limit()
    {
        await using var sim = new SimulatedEngine(SimulatedEngine.FastOptions with
        {
            OperationTimeout = TimeSpan.FromMilliseconds(400),
            CommandTimeout = TimeSpan.FromSeconds(30),
        });
        var volume = sim.Host.AddIscsiVolume(1 * GiB);
        volume.Lun.Grow(2 * GiB);
        sim.Host.BlockRescans(volume.Paths[1]);
        var clock = Stopwatch.StartNew();

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.Equal(ResizeFailureReason.CommandFailed, outcome.Reason);
        Assert.Contains("at step rescan", outcome.Detail);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_shutdown_during_a_blocked_rescan_write_is_not_held_up_by_it()
    {
        await using var sim = new SimulatedEngine(SimulatedEngine.FastOptions with { CommandTimeout = TimeSpan.FromSeconds(30) });
        var volume = sim.Host.AddIscsiVolume(1 * GiB);
        volume.Lun.Grow(2 * GiB);
        sim.Host.BlockRescans(volume.Paths[0]);
        var validation = sim.Validate(volume.Request(SimulatedEngine.HostName, 2 * GiB));
        using var shutdown = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sim.Engine.ExtendAsync(validation.Request!, shutdown.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_runner_that_throws_gives_CommandFailed_instead_of_an_exception_out_of_the_engine()
    {
        await using var sim = new SimulatedEngine(runner: inner => new InterceptingRunner(inner, command =>
            command.Program == SimulatedHost.Commands.Multipathd
                ? Task.FromException<CommandResult>(new TimeoutException("Failed to terminate the underlying process (multipathd#4242) within the allotted timeout."))
                : null));
        var volume = sim.Host.AddIscsiVolume(1 * GiB);
        volume.Lun.Grow(2 * GiB);

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.Equal(ResizeFailureReason.CommandFailed, outcome.Reason);
        Assert.True(outcome.Retriable);
        Assert.Contains("TimeoutException", outcome.Detail);
    }

    [Fact]
    public async Task A_program_that_outlives_its_kill_keeps_the_volume_locked_until_it_is_gone()
    {
        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stuckOnce = 0;
        await using var sim = new SimulatedEngine(runner: inner => new InterceptingRunner(inner, command =>
            command.Program == SimulatedHost.Commands.Multipathd && Interlocked.Exchange(ref stuckOnce, 1) == 0
                ? Task.FromResult(new CommandResult(-1, "", "did not exit when killed after 2 s (process 4242 still runs)", TimeSpan.FromSeconds(5), TimedOut: true)
                {
                    StillRunning = gone.Task,
                })
                : null));
        var volume = sim.Host.AddIscsiVolume(1 * GiB);
        var other = sim.Host.AddIscsiVolume(1 * GiB);
        volume.Lun.Grow(2 * GiB);

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.Equal(ResizeFailureReason.CommandFailed, outcome.Reason);
        Assert.Contains("did not exit when killed", outcome.Detail);
        Assert.Contains(sim.Log.Messages, m => m.Contains("stays locked until abandoned work ends", StringComparison.Ordinal));

        await AssertLockedUntilAsync(sim, volume, other, release: gone.SetResult);
    }

    [Fact]
    public async Task A_program_cut_off_by_the_operation_limit_that_outlives_its_kill_keeps_the_volume_locked_until_it_is_gone()
    {
        // Issue 18 finding 6: the operation's limit (not the command's) cancelled the program, CliWrap killed it and it
        // did not exit; the runner threw without saying it still ran, and the volume's and device's locks were released.
        // The production runner, with CliWrap's "did not exit" stood in for by a real process that the test kills later.
        using var stuck = Process.Start(new ProcessStartInfo("sleep", ["60"]))!;
        var cliWrap = new CliWrapCommandRunner(Microsoft.Extensions.Logging.Abstractions.NullLogger<CliWrapCommandRunner>.Instance,
            (_, token) => new CliWrap.CommandTask<CliWrap.CommandResult>(HangThenOutliveTheKillAsync(token), stuck.Id));
        var stuckOnce = 0;
        await using var sim = new SimulatedEngine(
            SimulatedEngine.FastOptions with { OperationTimeout = TimeSpan.FromSeconds(3), CommandTimeout = TimeSpan.FromSeconds(30) },
            runner: inner => new CancellableInterceptingRunner(inner, (command, token) =>
                command.Program == SimulatedHost.Commands.Multipathd && Interlocked.Exchange(ref stuckOnce, 1) == 0
                    ? cliWrap.RunAsync(command, token)
                    : null));
        var volume = sim.Host.AddIscsiVolume(1 * GiB);
        var other = sim.Host.AddIscsiVolume(1 * GiB);
        volume.Lun.Grow(2 * GiB);

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.False(outcome.Succeeded);
        Assert.Contains(sim.Log.Messages, m => m.Contains("stays locked until abandoned work ends", StringComparison.Ordinal));
        await AssertLockedUntilAsync(sim, volume, other, release: stuck.Kill);
    }

    /// <summary>CliWrap on a program that is cancelled and does not exit when killed: a <see cref="TimeoutException"/> after the cancellation.</summary>
    private static async Task<CliWrap.CommandResult> HangThenOutliveTheKillAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, token);
        }
        catch (OperationCanceledException)
        {
            // CliWrap kills the process here and waits for it to exit.
        }

        throw new TimeoutException("Failed to terminate the underlying process (sleep#1) within the allotted timeout.");
    }

    [Fact]
    public async Task A_program_that_never_goes_away_holds_its_volume_no_longer_than_the_hold_limit()
    {
        await using var sim = new SimulatedEngine(
            SimulatedEngine.FastOptions with { AbandonedWorkHoldLimit = TimeSpan.FromMilliseconds(600) },
            runner: inner => new InterceptingRunner(inner, command =>
                command.Program == SimulatedHost.Commands.Multipathd
                    ? Task.FromResult(new CommandResult(-1, "", "did not exit when killed", TimeSpan.Zero, TimedOut: true)
                    {
                        StillRunning = Task.Delay(Timeout.Infinite, TestContext.Current.CancellationToken),
                    })
                    : null));
        var volume = sim.Host.AddIscsiVolume(1 * GiB);
        volume.Lun.Grow(2 * GiB);
        await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));
        var clock = Stopwatch.StartNew();

        var next = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.Equal(ResizeFailureReason.CommandFailed, next.Reason);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
        Assert.Contains(sim.Log.Messages, m => m.Contains("the volume is unlocked anyway", StringComparison.Ordinal));
    }

    /// <summary>Whether an exclusive flock on <paramref name="file"/> can be had now, as another brick-worker process would try it.</summary>
    private static bool CanLock(string file)
    {
        try
        {
            using var held = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// A second request for <paramref name="volume"/> waits while the abandoned work runs, one for <paramref name="other"/>
    /// does not; once <paramref name="release"/> ends the work, the waiting request runs and succeeds.
    /// </summary>
    private static async Task AssertLockedUntilAsync(SimulatedEngine sim, SimulatedVolume volume, SimulatedVolume other, Action release)
    {
        var waiting = sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));
        other.Lun.Grow(2 * GiB);
        var meanwhile = await sim.ExtendAsync(other.Request(SimulatedEngine.HostName, 2 * GiB, volumeId: "vol-2"));
        await Task.Delay(Settle, TestContext.Current.CancellationToken);

        Assert.True(meanwhile.Succeeded, meanwhile.Detail);
        Assert.False(waiting.IsCompleted, "the volume was unlocked while its abandoned work still ran");

        release();
        ExtendOutcome after = await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(after.Succeeded, after.Detail);
    }
}
