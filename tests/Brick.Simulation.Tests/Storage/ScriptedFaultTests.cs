using System.Diagnostics;
using Brick.Contracts;
using Brick.Simulation.Multipathd;
using Brick.Simulation.Scripting;
using static Brick.Testing.Sizes;

namespace Brick.Simulation.Tests.Storage;

/// <summary>
/// Each rule of a simulation script makes the host misbehave as a real one does, and the engine meets the fault on the
/// host (a path gone, a WWID file that differs, an array that does not grow, multipathd's answer, a LUKS key it lacks).
/// </summary>
public sealed class ScriptedFaultTests
{
    private static ServedEngine Host(params SimulationRule[] rules) => new(new SimulationScript([], rules));

    [Fact]
    public async Task A_path_missing_for_two_tries_is_DeviceNotFound_twice_then_the_host_behaves()
    {
        await using var host = Host(new SimulationRule("vol-flaky", Fail: ResizeFailureReason.DeviceNotFound, Times: 2));

        var first = await host.TryAsync("vol-flaky", 4 * GiB, "iscsi", Connections.Iscsi());
        var second = await host.TryAsync("vol-flaky", 4 * GiB, "iscsi", Connections.Iscsi());
        var third = await host.TryAsync("vol-flaky", 4 * GiB, "iscsi", Connections.Iscsi());

        Assert.Equal(ResizeFailureReason.DeviceNotFound, first.Reason);
        Assert.True(first.Retriable);
        Assert.Equal(ResizeFailureReason.DeviceNotFound, second.Reason);
        Assert.True(third.Succeeded, third.Detail);
        Assert.Equal(2, third.Paths.Count);
        Assert.Equal(4 * GiB, third.SizeBytes);
    }

    [Theory]
    [InlineData("local")]
    [InlineData("nvmeof")]
    public async Task A_missing_device_is_DeviceNotFound_on_loop_and_nvme_volumes_too(string type)
    {
        await using var host = Host(new SimulationRule("*", Fail: ResizeFailureReason.DeviceNotFound, Times: 1));
        object data = type == "local"
            ? new { device_path = "/dev/loop3" }
            : new { target_nqn = "nqn.2014-08.com.example:pool-2", vol_uuid = "1b4e28ba-2fa1-11d2-883f-0016d3cca428" };

        var first = await host.TryAsync("vol-x", 2 * GiB, type, data);
        var second = await host.TryAsync("vol-x", 2 * GiB, type, data);

        Assert.Equal(ResizeFailureReason.DeviceNotFound, first.Reason);
        Assert.True(second.Succeeded, second.Detail);
    }

    [Fact]
    public async Task A_WWID_that_differs_is_WwidMismatch_for_the_volumes_the_pattern_matches_only()
    {
        await using var host = Host(new SimulationRule("vol-bad-*", Fail: ResizeFailureReason.WwidMismatch));

        var bad = await host.TryAsync("vol-bad-7", 4 * GiB, "iscsi", Connections.Iscsi("bad"));
        var good = await host.TryAsync("vol-good-7", 4 * GiB, "iscsi", Connections.Iscsi("good", wwid: "36001405aabbccddeeff001122334466"));

        Assert.Equal(ResizeFailureReason.WwidMismatch, bad.Reason);
        Assert.False(bad.Retriable);
        // Every rescan written went to the good volume's paths (a loaded machine may reissue one of them): none to the bad one's.
        Assert.Equal(host.Array.Host.RescansWritten, good.Paths.Sum(p => host.Array.Host.ScsiPath(p.Device).Rescans));
        Assert.True(good.Succeeded, good.Detail);
    }

    [Fact]
    public async Task A_kernel_that_never_sees_the_growth_is_RescanTimeout_after_the_engine_waited_for_the_paths()
    {
        await using var host = Host(new SimulationRule("*", Fail: ResizeFailureReason.RescanTimeout, Times: 1));

        var first = await host.TryAsync("vol-slow-array", 4 * GiB, "iscsi", Connections.Iscsi());
        var second = await host.TryAsync("vol-slow-array", 4 * GiB, "iscsi", Connections.Iscsi());

        Assert.Equal(ResizeFailureReason.RescanTimeout, first.Reason);
        Assert.True(first.Retriable);
        Assert.All(first.Paths, p => Assert.Equal(2 * GiB, p.SizeBytes));
        Assert.True(second.Succeeded, second.Detail);
    }

    [Fact]
    public async Task Multipathd_answering_fail_is_MultipathResizeFailed_not_retriable_with_the_paths_grown()
    {
        await using var host = Host(new SimulationRule("*", Fail: ResizeFailureReason.MultipathResizeFailed));

        var outcome = await host.TryAsync("vol-mp", 4 * GiB, "iscsi", Connections.Iscsi());

        Assert.Equal(ResizeFailureReason.MultipathResizeFailed, outcome.Reason);
        Assert.False(outcome.Retriable);
        Assert.All(outcome.Paths, p => Assert.Equal(4 * GiB, p.SizeBytes));
        Assert.Contains(host.Runner.Calls, c => c.Arguments is ["resize", "map", _]);
    }

    [Fact]
    public async Task Multipathd_answering_timeout_is_asked_again_until_its_window_ends_and_is_retriable()
    {
        await using var host = Host(new SimulationRule("*", Fail: ResizeFailureReason.MultipathResizeFailed, Multipathd: MultipathdReply.Timeout));

        var outcome = await host.TryAsync("vol-mp", 4 * GiB, "iscsi", Connections.Iscsi());

        Assert.Equal(ResizeFailureReason.MultipathResizeFailed, outcome.Reason);
        Assert.True(outcome.Retriable);
        Assert.True(host.Array.Host.Multipathd.Calls >= 2, $"multipathd was asked {host.Array.Host.Multipathd.Calls} time(s)");
    }

    [Fact]
    public async Task A_LUKS_mapping_without_a_key_is_Unsupported_with_every_layer_below_grown()
    {
        await using var host = Host(new SimulationRule("vol-luks", Fail: ResizeFailureReason.Unsupported, Times: 1));

        var first = await host.TryAsync("vol-luks", 4 * GiB, "iscsi", Connections.Iscsi());
        var second = await host.TryAsync("vol-luks", 4 * GiB, "iscsi", Connections.Iscsi());

        Assert.Equal(ResizeFailureReason.Unsupported, first.Reason);
        Assert.Contains("key", first.Detail, StringComparison.Ordinal);
        Assert.All(first.Paths, p => Assert.Equal(4 * GiB, p.SizeBytes));
        Assert.True(second.Succeeded, second.Detail);
        Assert.Equal((4 * GiB) - (33280 * 512), second.SizeBytes);
    }

    [Fact]
    public async Task A_delay_slows_the_rescans_and_programs_of_the_volume_and_it_still_succeeds()
    {
        // The paths' wait outlasts the 0.6 s delay with room for a loaded machine (FastOptions' 1.5 s was not, in CI).
        await using var host = new ServedEngine(
            new SimulationScript([], [new SimulationRule("vol-slow", Delay: TimeSpan.FromSeconds(0.6))]),
            ServedEngine.FastOptions with { PathWaitTimeout = TimeSpan.FromSeconds(5) });
        var clock = Stopwatch.StartNew();

        var outcome = await host.TryAsync("vol-slow", 4 * GiB, "iscsi", Connections.Iscsi());

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.2), $"took {clock.Elapsed}: the rescan and multipathd each wait 0.6 s");
    }

    [Fact]
    public async Task A_rule_for_the_second_request_leaves_the_first_and_third_alone()
    {
        await using var host = Host(new SimulationRule(Request: 2, Fail: ResizeFailureReason.WwidMismatch));

        var first = await host.TryAsync("vol-a", 2 * GiB, "iscsi", Connections.Iscsi());
        var second = await host.TryAsync("vol-a", 3 * GiB, "iscsi", Connections.Iscsi());
        var third = await host.TryAsync("vol-a", 3 * GiB, "iscsi", Connections.Iscsi());

        Assert.True(first.Succeeded, first.Detail);
        Assert.Equal(ResizeFailureReason.WwidMismatch, second.Reason);
        Assert.True(third.Succeeded, third.Detail);
    }

    [Fact]
    public async Task The_first_matching_rule_wins_and_a_used_up_rule_gives_way_to_the_next()
    {
        await using var host = Host(
            new SimulationRule("vol-*", Fail: ResizeFailureReason.DeviceNotFound, Times: 1),
            new SimulationRule("*", Fail: ResizeFailureReason.WwidMismatch, Times: 1));

        var first = await host.TryAsync("vol-a", 2 * GiB, "iscsi", Connections.Iscsi());
        var second = await host.TryAsync("vol-a", 2 * GiB, "iscsi", Connections.Iscsi());
        var third = await host.TryAsync("vol-a", 2 * GiB, "iscsi", Connections.Iscsi());

        Assert.Equal(ResizeFailureReason.DeviceNotFound, first.Reason);
        Assert.Equal(ResizeFailureReason.WwidMismatch, second.Reason);
        Assert.True(third.Succeeded, third.Detail);
    }

    [Theory]
    [InlineData(ResizeFailureReason.InvalidRequest)]
    [InlineData(ResizeFailureReason.CommandFailed)]
    public void A_rule_with_a_fault_the_host_cannot_play_is_refused(ResizeFailureReason reason)
    {
        var error = Assert.Throws<ArgumentException>(() => new ServedEngine(new SimulationScript([], [new SimulationRule(Fail: reason)])));

        Assert.Contains(reason.ToString(), error.Message, StringComparison.Ordinal);
    }
}
