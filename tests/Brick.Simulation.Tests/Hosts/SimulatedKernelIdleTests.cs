using Brick.Simulation.Hosts;
using static Brick.Testing.Sizes;

namespace Brick.Simulation.Tests.Hosts;

/// <summary>
/// The simulated kernel lives in every <c>--simulate</c> process: idle it must not poll (it woke every 10 ms, 3.4 % of
/// a core in an idle <c>brick-worker run --simulate</c>), yet a device added while it sleeps is watched at once.
/// </summary>
public sealed class SimulatedKernelIdleTests
{
    [Fact]
    public async Task An_idle_kernel_wakes_about_once_a_second_not_every_few_milliseconds()
    {
        await using var host = SimulatedHost.Create();
        var before = host.KernelWakeups;

        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        // Its full look once a second: 2–3 wakeups in 2 s (a loaded machine only makes it fewer); polling every 10 ms was ~200.
        var wakeups = host.KernelWakeups - before;
        Assert.True(wakeups <= 10, $"the idle kernel woke {wakeups} times in 2 s");
    }

    [Fact]
    public async Task A_path_added_while_the_kernel_sleeps_has_its_rescan_applied_without_waiting_for_the_full_look()
    {
        // A clock that stands still and a full look every 30 s: the kernel sleeps 30 s at a time; without the host's
        // wake it would watch the new path only when that sleep ends, ~30 s after the write below.
        await using var host = SimulatedHost.Create(null, new FrozenClock(), TimeSpan.FromSeconds(30));
        await Task.Delay(100, TestContext.Current.CancellationToken);
        var volume = host.AddIscsiVolume(1 * GiB, paths: 1, multipath: false);
        var path = Assert.Single(volume.Paths);
        volume.Lun.Grow(2 * GiB);
        await Task.Delay(100, TestContext.Current.CancellationToken);

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var rescan = Assert.Single(Directory.EnumerateFiles(Path.Combine(host.Directory, "sys"), "rescan", options));
        var written = System.Diagnostics.Stopwatch.StartNew();
        await File.WriteAllTextAsync(rescan, "1", TestContext.Current.CancellationToken);

        // Woken, it applies the rescan within microseconds; 5 s is a margin no load eats, and far below the 30 s sleep.
        var limit = TimeSpan.FromSeconds(5);
        while (host.SizeOf(path) != 2 * GiB && written.Elapsed < limit)
            await Task.Delay(10, TestContext.Current.CancellationToken);
        Assert.True(host.SizeOf(path) == 2 * GiB, $"not applied {written.Elapsed.TotalSeconds:0.0} s after the write: the kernel was not woken for the new path");
    }

    /// <summary>A clock whose timestamp never advances.</summary>
    private sealed class FrozenClock : TimeProvider
    {
        public override long GetTimestamp() => 0;
    }
}
