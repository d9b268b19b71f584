using System.Diagnostics;
using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Kernel;
using Brick.Engine.Tests.Support;
using Brick.Simulation.Devices;
using Brick.Simulation.Multipathd;
using static Brick.Testing.Sizes;

namespace Brick.Engine.Tests.Faults;

/// <summary>
/// The host misbehaves during an operation: multipathd hangs, answers <c>timeout</c> forever, answers garbage, exits
/// non-zero or is missing; a path goes offline; a <c>size</c> reads garbage or vanishes; a WWID changes between
/// discovery and resize; a rescan write blocks in the kernel. Each ends in its named reason within its bound, nothing
/// is written after the engine saw the fault (rescans the simulated kernel saw and programs run are recorded), and a
/// request for another volume succeeds afterwards. The figures go to stderr and <see cref="FaultLedger.FiguresFile"/>.
/// </summary>
public sealed class HostMisbehaviourTests(FaultLedger ledger) : IClassFixture<FaultLedger>
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3); // a loaded CI machine: the bounds themselves are a few seconds at most
    private static readonly EngineOptions Options = SimulatedEngine.FastOptions;

    /// <summary>
    /// For faults the engine can only see by reading a size: no rescan is issued again while it waits, so that no write
    /// races the injection (a reissue a moment before the engine's next read would count as a write after the fault).
    /// </summary>
    private static readonly EngineOptions NoReissue = Options with { RescanReissueInterval = TimeSpan.FromMinutes(1) };

    [Fact]
    public Task Multipathd_that_hangs_is_CommandFailed_within_the_command_limit() =>
        MultipathdAsync("multipathd hangs", MultipathdReply.Hang, ResizeFailureReason.CommandFailed, Options.CommandTimeout);

    [Fact]
    public Task Multipathd_that_answers_garbage_is_CommandFailed_at_once() =>
        MultipathdAsync("multipathd answers garbage", MultipathdReply.Garbage, ResizeFailureReason.CommandFailed, TimeSpan.Zero);

    [Fact]
    public Task Multipathd_that_exits_non_zero_without_an_answer_is_CommandFailed_at_once() =>
        MultipathdAsync("multipathd exits non-zero", MultipathdReply.ExitNonZero, ResizeFailureReason.CommandFailed, TimeSpan.Zero);

    [Fact]
    public Task Multipathd_that_answers_timeout_forever_is_MultipathResizeFailed_within_its_window() =>
        MultipathdAsync("multipathd answers timeout forever", MultipathdReply.Timeout, ResizeFailureReason.MultipathResizeFailed,
            Options.MultipathTimeoutWindow, forever: true);

    [Fact]
    public async Task Multipathd_that_is_missing_is_CommandFailed_at_once()
    {
        await using var sim = new SimulatedEngine(processes: true, programs: p => p with { Multipathd = "/nonexistent/sbin/multipathd" });
        var (volume, other) = Volumes(sim);
        var probe = new Probe(sim);
        SeenAfterMultipathd(sim, probe);

        var outcome = await RunAsync("multipathd is missing", sim, probe, volume, other, ResizeFailureReason.CommandFailed, TimeSpan.Zero);

        Assert.Contains("could not start", outcome.Detail);
    }

    [Fact]
    public async Task A_path_that_goes_offline_mid_operation_is_DeviceNotFound_and_not_rescanned_again()
    {
        // Reissues after 500 ms, not FastOptions' 100: on a loaded machine the simulated kernel may apply the first
        // rescans (and with them the fault) later than 100 ms, and a reissue issued before the fault was there to see
        // would count as a write after it. An engine that ignored the offline state would still reissue at 500 ms.
        await using var sim = new SimulatedEngine(SimulatedEngine.FastOptions with { RescanReissueInterval = TimeSpan.FromMilliseconds(500) });
        var (volume, other) = Volumes(sim);
        var probe = new Probe(sim);
        var lagging = volume.Paths[^1];
        sim.Host.ScsiPath(lagging).Behaviour = PathBehaviour.Never;
        sim.Host.WhenRescanned(lagging, () =>
        {
            sim.Host.SetPathState(lagging, "offline");
            probe.SeenDuringRescans(volume.Paths.Count);
        });

        var outcome = await RunAsync("a path goes offline mid-operation", sim, probe, volume, other, ResizeFailureReason.DeviceNotFound, Options.PathWaitTimeout);

        Assert.Contains($"The state of {lagging} is 'offline' now", outcome.Detail);
        Assert.Equal(1, sim.Host.ScsiPath(lagging).Rescans);
    }

    [Fact]
    public async Task A_size_that_reads_garbage_is_CommandFailed_and_not_retriable()
    {
        await using var sim = new SimulatedEngine(NoReissue);
        var (volume, other) = Volumes(sim);
        var probe = new Probe(sim);
        var lagging = volume.Paths[^1];
        sim.Host.ScsiPath(lagging).Behaviour = PathBehaviour.Never;
        sim.Host.WhenRescanned(lagging, () =>
        {
            sim.Host.SetSizeText(lagging, "4194304\u0000\u00ff garbage\n");
            probe.SeenDuringRescans(volume.Paths.Count);
        });

        var outcome = await RunAsync("a size reads garbage", sim, probe, volume, other, ResizeFailureReason.CommandFailed, Options.PathWaitTimeout);

        Assert.False(outcome.Retriable);
        Assert.Contains($"/sys/block/{lagging}/size reads", outcome.Detail);
    }

    [Fact]
    public async Task A_size_that_overflows_a_64_bit_byte_count_is_CommandFailed_not_a_wrapped_size()
    {
        await using var sim = new SimulatedEngine(NoReissue);
        var (volume, other) = Volumes(sim);
        var probe = new Probe(sim);
        var lagging = volume.Paths[^1];
        sim.Host.ScsiPath(lagging).Behaviour = PathBehaviour.Never;
        sim.Host.WhenRescanned(lagging, () =>
        {
            sim.Host.SetSizeText(lagging, $"{SectorCount.MaxSectors + 1}\n");
            probe.SeenDuringRescans(volume.Paths.Count);
        });

        var outcome = await RunAsync("a size overflows", sim, probe, volume, other, ResizeFailureReason.CommandFailed, Options.PathWaitTimeout);

        Assert.Contains("more bytes than a 64-bit size holds", outcome.Detail);
    }

    [Fact]
    public async Task A_size_that_vanishes_is_DeviceNotFound_at_once()
    {
        await using var sim = new SimulatedEngine(NoReissue);
        var (volume, other) = Volumes(sim);
        var probe = new Probe(sim);
        var lagging = volume.Paths[^1];
        sim.Host.ScsiPath(lagging).Behaviour = PathBehaviour.Never;
        sim.Host.WhenRescanned(lagging, () =>
        {
            sim.Host.RemoveSize(lagging);
            probe.SeenDuringRescans(volume.Paths.Count);
        });

        var outcome = await RunAsync("a size vanishes", sim, probe, volume, other, ResizeFailureReason.DeviceNotFound, Options.PathWaitTimeout);

        Assert.Contains("has no size any more", outcome.Detail);
    }

    [Fact]
    public async Task A_WWID_that_changes_between_discovery_and_resize_is_WwidMismatch_and_multipathd_is_not_called()
    {
        await using var sim = new SimulatedEngine();
        var (volume, other) = Volumes(sim);
        var stranger = sim.Host.AddIscsiVolume(1 * GiB, multipath: false);
        var probe = new Probe(sim);
        // The last path takes the new size a moment after its rescan, so the WWID has changed before the paths agree.
        sim.Host.ScsiPath(volume.Paths[^1]).Behaviour = PathBehaviour.Delayed(TimeSpan.FromMilliseconds(150));
        sim.Host.WhenRescanned(volume.Paths[^1], () =>
        {
            sim.Host.ChangeWwid(volume.Paths[0], stranger.Lun.Wwid);
            probe.SeenDuringRescans(volume.Paths.Count);
        });

        var outcome = await RunAsync("a WWID changes before resize", sim, probe, volume, other, ResizeFailureReason.WwidMismatch, Options.PathWaitTimeout);

        Assert.Contains($"The WWID of {volume.Paths[0]} is '{stranger.Lun.Wwid}' now", outcome.Detail);
        Assert.Equal(0, sim.Host.Multipathd.Calls);
        Assert.Equal(1 * GiB, sim.Host.SizeOf(volume.Map!));
    }

    [Fact]
    public async Task A_rescan_write_that_blocks_in_the_kernel_is_CommandFailed_within_the_command_limit()
    {
        await using var sim = new SimulatedEngine();
        var (volume, other) = Volumes(sim);
        var probe = new Probe(sim);
        sim.Host.BlockRescans(volume.Paths[0]);
        // The first path's write blocks (the kernel never sees it); the other path's, issued beside it, is allowed.
        probe.SeenDuringRescans(volume.Paths.Count - 1);

        var outcome = await RunAsync("a rescan write blocks", sim, probe, volume, other, ResizeFailureReason.CommandFailed, Options.CommandTimeout);

        Assert.Contains("did not return", outcome.Detail);
        sim.Host.ReleaseRescans(volume.Paths[0]);
    }

    private async Task MultipathdAsync(string fault, MultipathdReply reply, ResizeFailureReason reason, TimeSpan bound, bool forever = false)
    {
        await using var sim = new SimulatedEngine();
        var (volume, other) = Volumes(sim);
        var probe = new Probe(sim);
        if (forever)
            sim.Host.Multipathd.Otherwise = reply;
        else
            sim.Host.Multipathd.Then(reply);
        SeenAfterMultipathd(sim, probe);

        await RunAsync(fault, sim, probe, volume, other, reason, bound);

        Assert.Equal(1 * GiB, sim.Host.SizeOf(volume.Map!));
    }

    /// <summary>The fault is seen when multipathd's (last) reply comes back: the probe is marked after every call.</summary>
    private static void SeenAfterMultipathd(SimulatedEngine sim, Probe probe) =>
        sim.RunnerSeen = command =>
        {
            if (command.Arguments is ["resize", "map", ..])
                probe.Seen();
        };

    private static (SimulatedVolume Faulted, SimulatedVolume Other) Volumes(SimulatedEngine sim)
    {
        var faulted = sim.Host.AddIscsiVolume(1 * GiB, paths: 2, multipath: true);
        var other = sim.Host.AddLoopVolume(64 << 20);
        faulted.Lun.Grow(2 * GiB);
        return (faulted, other);
    }

    /// <summary>Runs the faulted request, checks its reason, bound and the writes after the fault, then serves the other volume.</summary>
    private async Task<Brick.Engine.Outcomes.ExtendOutcome> RunAsync(
        string fault, SimulatedEngine sim, Probe probe, SimulatedVolume volume, SimulatedVolume other, ResizeFailureReason reason, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));
        var took = clock.Elapsed;
        await Task.Delay(50, TestContext.Current.CancellationToken); // the simulated kernel sees writes on its next tick
        var writesAfter = probe.WritesAfter();

        other.Lun.Grow(128 << 20);
        var next = await sim.ExtendAsync(other.Request(SimulatedEngine.HostName, 128 << 20, volumeId: "vol-other"));

        var withinBound = outcome.Reason == reason && took <= bound + Slack;
        ledger.Add(new FaultLedger.Entry(fault, outcome.Reason, took, withinBound, writesAfter, next.Succeeded));
        TestContext.Current.TestOutputHelper?.WriteLine($"{fault}: {outcome.Reason} in {took.TotalMilliseconds:0} ms (bound {bound + Slack}), writes after fault {writesAfter}; {outcome.Detail}");

        Assert.Equal(reason, outcome.Reason);
        Assert.True(took <= bound + Slack, $"{fault} took {took}, more than its bound {bound} (+{Slack.TotalSeconds} s)");
        Assert.True(probe.WasSeen, $"{fault}: the fault was never injected");
        Assert.Equal(0, writesAfter);
        Assert.True(next.Succeeded, $"the next volume was not served after {fault}: {next.Reason}: {next.Detail}");
        return outcome;
    }

    /// <summary>Writes the host recorded (rescans the simulated kernel saw, programs run) when the fault was seen, and since.</summary>
    private sealed class Probe(SimulatedEngine sim)
    {
        private (int Rescans, int Calls)? _seen;

        public bool WasSeen => _seen is not null;

        private readonly int _rescansBefore = sim.Host.RescansWritten;

        public void Seen() => _seen = (sim.Host.RescansWritten, sim.Runner.Calls.Count);

        /// <summary>
        /// The fault came with the rescan step, whose writes to the volume's paths go out together: those
        /// (<paramref name="stepWrites"/>, seen by the kernel in any order) are not writes after it.
        /// </summary>
        public void SeenDuringRescans(int stepWrites) => _seen = (_rescansBefore + stepWrites, sim.Runner.Calls.Count);

        public int WritesAfter() => _seen is { } seen ? sim.Host.RescansWritten - seen.Rescans + (sim.Runner.Calls.Count - seen.Calls) : 0;
    }
}
