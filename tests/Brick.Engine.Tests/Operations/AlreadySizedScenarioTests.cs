using Brick.Engine.Tests.Support;
using static Brick.Testing.Sizes;

namespace Brick.Engine.Tests.Operations;

/// <summary>
/// A request whose size every layer already shows (a replay, a duplicate, a stale event) is answered from sysfs reads:
/// no rescan write and no program (issue 20, point 4). The simulated host counts both.
/// </summary>
public sealed class AlreadySizedScenarioTests
{
    [Fact]
    public async Task A_replay_and_a_stale_smaller_request_on_a_two_path_map_write_nothing_and_start_no_program()
    {
        await using var sim = new SimulatedEngine();
        var volume = sim.Host.AddIscsiVolume(10 * GiB, paths: 2, multipath: true);
        volume.Lun.Grow(20 * GiB);
        var first = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 20 * GiB));
        var (written, programs) = (await RescanFiles.SettledAsync(sim.Host), sim.Host.ProgramCalls.Count);

        var replay = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 20 * GiB) with { RequestedAt = null });
        var stale = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 15 * GiB) with { RequestedAt = null });

        Assert.True(first.Succeeded, first.Detail);
        Assert.All([replay, stale], o => Assert.True(o.Succeeded, o.Detail));
        Assert.All([replay, stale], o => Assert.Equal(20 * GiB, o.SizeBytes));
        Assert.All([replay, stale], o => Assert.All(o.Paths, p => Assert.Equal(20 * GiB, p.SizeBytes)));
        Assert.Equal(written, RescanFiles.Now(sim.Host));
        Assert.Equal(programs, sim.Host.ProgramCalls.Count);
    }

    [Fact]
    public async Task A_request_the_paths_do_not_show_yet_is_still_rescanned()
    {
        await using var sim = new SimulatedEngine();
        var volume = sim.Host.AddIscsiVolume(10 * GiB, paths: 2, multipath: true);
        volume.Lun.Grow(20 * GiB);
        await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 20 * GiB));
        var writes = sim.Host.RescansWritten;
        volume.Lun.Grow(30 * GiB);

        var grown = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 30 * GiB));

        Assert.True(grown.Succeeded, grown.Detail);
        Assert.Equal(30 * GiB, grown.SizeBytes);
        Assert.True(sim.Host.RescansWritten >= writes + 2, $"{sim.Host.RescansWritten - writes} rescan writes for two paths");
    }

    [Fact]
    public async Task An_already_sized_loop_device_runs_no_losetup()
    {
        await using var sim = new SimulatedEngine();
        var volume = sim.Host.AddLoopVolume(64 << 20);
        volume.Lun.Grow(128 << 20);
        await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 128 << 20));
        var programs = sim.Host.ProgramCalls.Count;

        var replay = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 128 << 20));
        var stale = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 96 << 20));

        Assert.All([replay, stale], o => Assert.True(o.Succeeded, o.Detail));
        Assert.All([replay, stale], o => Assert.Equal(128L << 20, o.SizeBytes));
        Assert.Equal(programs, sim.Host.ProgramCalls.Count);
    }

    [Fact]
    public async Task An_already_sized_LUKS_volume_runs_no_cryptsetup_and_no_multipathd_once_its_offset_is_known()
    {
        await using var sim = new SimulatedEngine();
        var volume = sim.Host.AddIscsiVolume(1 * GiB);
        sim.Host.AddCrypt(volume.Map!, "crypt-vol", requiresKey: false);
        volume.Lun.Grow(2 * GiB);
        var first = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));
        var (written, programs) = (await RescanFiles.SettledAsync(sim.Host), sim.Host.ProgramCalls.Count);

        var replay = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.True(first.Succeeded, first.Detail);
        Assert.True(replay.Succeeded, replay.Detail);
        Assert.Equal(first.SizeBytes, replay.SizeBytes);
        Assert.Equal(written, RescanFiles.Now(sim.Host));
        Assert.Equal(programs, sim.Host.ProgramCalls.Count);
    }

    [Fact]
    public async Task A_LUKS_volume_first_seen_already_sized_reads_its_offset_once_and_writes_nothing()
    {
        await using var sim = new SimulatedEngine();
        var volume = sim.Host.AddIscsiVolume(1 * GiB);
        sim.Host.AddCrypt(volume.Map!, "crypt-vol", requiresKey: false);
        var written = await RescanFiles.SettledAsync(sim.Host);

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 1 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(written, RescanFiles.Now(sim.Host));
        Assert.Equal(["status crypt-vol"], sim.Host.ProgramCalls.Select(c => string.Join(' ', c.Arguments)));
    }

    [Fact]
    public async Task An_already_sized_NVMe_volume_writes_no_controller_rescan()
    {
        await using var sim = new SimulatedEngine();
        var volume = sim.Host.AddNvmeVolume(10 * GiB, controllers: 2);
        volume.Lun.Grow(20 * GiB);
        await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 20 * GiB));
        var (written, programs) = (await RescanFiles.SettledAsync(sim.Host), sim.Host.ProgramCalls.Count);

        var replay = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.True(replay.Succeeded, replay.Detail);
        Assert.Equal(20 * GiB, replay.SizeBytes);
        Assert.Equal(written, RescanFiles.Now(sim.Host));
        Assert.Equal(programs, sim.Host.ProgramCalls.Count);
    }

    /// <summary>
    /// The storm of issue 20 at engine scale: every volume grown to its last size while the events queued, then the events
    /// arrive round by round (each volume once per round, rising), without <c>requestedAt</c>. Each round is answered before
    /// the next arrives, so no two events of a volume wait together: only the reads can spare the writes.
    /// </summary>
    [Fact]
    public async Task A_queued_storm_without_requestedAt_costs_at_most_1_1_rescan_writes_per_path()
    {
        const int Volumes = 20, Rounds = 5, Paths = 2;
        await using var sim = new SimulatedEngine();
        var volumes = Enumerable.Range(0, Volumes).Select(_ => sim.Host.AddIscsiVolume(10 * GiB, paths: Paths, multipath: true)).ToList();
        foreach (var volume in volumes)
            volume.Lun.Grow((10 + Rounds) * GiB);
        var writes = sim.Host.RescansWritten;

        for (var round = 1; round <= Rounds; round++)
        {
            var size = (10 + round) * GiB;
            var outcomes = await Task.WhenAll(volumes.Select((v, i) =>
                sim.ExtendAsync(v.Request(SimulatedEngine.HostName, size, volumeId: $"vol-{i}") with { RequestedAt = null })));
            Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Detail));
            Assert.All(outcomes, o => Assert.Equal((10 + Rounds) * GiB, o.SizeBytes));
        }

        var perPath = (double)(sim.Host.RescansWritten - writes) / (Volumes * Paths);
        Assert.True(perPath <= 1.1, $"{sim.Host.RescansWritten - writes} rescan writes for {Volumes * Paths} paths ({perPath:0.##} per path)");
        Assert.All(volumes, v => Assert.Equal((10 + Rounds) * GiB, sim.Host.SizeOf(v.Map!)));
    }
}
