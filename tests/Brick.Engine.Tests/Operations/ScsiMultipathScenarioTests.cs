using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Tests.Support;
using Brick.Simulation.Devices;
using Brick.Simulation.Multipathd;
using static Brick.Testing.Sizes;

namespace Brick.Engine.Tests.Operations;

/// <summary>os-brick's extend_volume scenarios, and more, on a simulated two-path multipath iSCSI volume.</summary>
public sealed class ScsiMultipathScenarioTests : IAsyncLifetime
{
    private readonly SimulatedEngine _sim = new();
    private SimulatedVolume _volume = null!;

    public ValueTask InitializeAsync()
    {
        _volume = _sim.Host.AddIscsiVolume(10 * GiB, paths: 2, multipath: true);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _sim.DisposeAsync();

    [Fact]
    public async Task A_grown_two_path_volume_shows_the_new_size_on_both_paths_and_the_map_after_one_multipathd_call()
    {
        _volume.Lun.Grow(20 * GiB);

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(20 * GiB, outcome.SizeBytes);
        Assert.Equal("/dev/" + _volume.Map, outcome.DevicePath);
        Assert.Equal(_volume.Map, outcome.MultipathDevice);
        Assert.All(outcome.Paths, p => Assert.Equal(20 * GiB, p.SizeBytes));
        Assert.Equal(_volume.Paths.Order(), outcome.Paths.Select(p => p.Device).Order());
        Assert.Equal(20 * GiB, _sim.Host.SizeOf(_volume.Map!));
        Assert.Equal(1, _sim.Host.Multipathd.Calls);
        Assert.Equal(["resize", "map", $"/dev/{_volume.Map}"], _sim.Runner.Calls.Single().Arguments);
        Assert.Contains(outcome.Steps, s => s.Name == Step.ResizeMap.Name);
    }

    [Fact]
    public async Task Multipathd_answering_fail_is_MultipathResizeFailed_and_not_retriable()
    {
        _volume.Lun.Grow(20 * GiB);
        _sim.Host.Multipathd.Then(MultipathdReply.Fail);

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.Equal(ResizeFailureReason.MultipathResizeFailed, outcome.Reason);
        Assert.False(outcome.Retriable);
        Assert.Equal(10 * GiB, outcome.SizeBytes);
        Assert.All(outcome.Paths, p => Assert.Equal(20 * GiB, p.SizeBytes));
    }

    [Fact]
    public async Task Multipathd_answering_timeout_is_asked_again_until_it_answers_ok()
    {
        _volume.Lun.Grow(20 * GiB);
        _sim.Host.Multipathd.Then(MultipathdReply.Timeout, MultipathdReply.Timeout);

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(3, _sim.Host.Multipathd.Calls);
        Assert.Equal(20 * GiB, _sim.Host.SizeOf(_volume.Map!));
    }

    [Fact]
    public async Task Multipathd_answering_timeout_forever_is_given_up_within_its_window_as_retriable()
    {
        _volume.Lun.Grow(20 * GiB);
        _sim.Host.Multipathd.Otherwise = MultipathdReply.Timeout;
        var started = DateTimeOffset.UtcNow;

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.Equal(ResizeFailureReason.MultipathResizeFailed, outcome.Reason);
        Assert.True(outcome.Retriable);
        Assert.InRange(_sim.Host.Multipathd.Calls, 2, 30);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_operation_whose_time_limit_ends_it_while_resizing_the_map_is_MultipathResizeFailed()
    {
        await using var sim = new SimulatedEngine(SimulatedEngine.FastOptions with
        {
            // Long enough for the steps before resize-map at any load (at 500 ms a machine at load 34 ended the operation
            // in an earlier step), short against the 30 s in which multipathd's "timeout" answers are retried.
            OperationTimeout = TimeSpan.FromSeconds(3),
            MultipathTimeoutWindow = TimeSpan.FromSeconds(30),
        });
        var volume = sim.Host.AddIscsiVolume(10 * GiB, paths: 2, multipath: true);
        volume.Lun.Grow(20 * GiB);
        sim.Host.Multipathd.Otherwise = MultipathdReply.Timeout;

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.Equal(ResizeFailureReason.MultipathResizeFailed, outcome.Reason);
        Assert.True(outcome.Retriable);
        Assert.Contains($"at step {Step.ResizeMap.Name}", outcome.Detail);
        Assert.Equal(Step.ResizeMap.Name, outcome.Steps[^1].Name);
    }

    [Fact]
    public async Task A_hanging_multipathd_is_killed_at_its_time_limit_and_reported_as_CommandFailed()
    {
        _volume.Lun.Grow(20 * GiB);
        _sim.Host.Multipathd.Then(MultipathdReply.Hang);

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.Equal(ResizeFailureReason.CommandFailed, outcome.Reason);
        Assert.Contains("timed out", outcome.Detail);
        Assert.True(outcome.Retriable);
    }

    [Fact]
    public async Task A_multipathd_that_says_ok_but_leaves_the_map_small_is_not_believed()
    {
        _volume.Lun.Grow(20 * GiB);
        _sim.Host.Multipathd.Then(MultipathdReply.OkWithoutResize);

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.Equal(ResizeFailureReason.MultipathResizeFailed, outcome.Reason);
        Assert.Equal(10 * GiB, outcome.SizeBytes);
    }

    [Theory]
    [InlineData("blocked")]
    [InlineData("transport-offline")]
    [InlineData("offline")]
    public async Task A_path_that_is_down_fails_fast_and_nothing_is_written(string state)
    {
        _volume.Lun.Grow(20 * GiB);
        _sim.Host.SetPathState(_volume.Paths[1], state);

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.Equal(ResizeFailureReason.DeviceNotFound, outcome.Reason);
        Assert.Contains(_volume.Paths[1], outcome.Detail);
        Assert.Equal(0, _sim.Host.RescansWritten);
        Assert.Empty(_sim.Runner.Calls);
    }

    [Fact]
    public async Task A_path_that_was_logged_out_fails_with_DeviceNotFound_and_nothing_is_written()
    {
        _volume.Lun.Grow(20 * GiB);
        _sim.Host.RemovePath(_volume.Paths[1]);

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.Equal(ResizeFailureReason.DeviceNotFound, outcome.Reason);
        Assert.True(outcome.Retriable);
        Assert.Equal(0, _sim.Host.RescansWritten);
    }

    [Fact]
    public async Task A_path_that_came_back_at_the_new_size_is_put_back_into_the_map_after_the_resize()
    {
        var returning = _volume.Paths[1];
        _sim.Host.RemovePath(returning);
        _volume.Lun.Grow(20 * GiB);
        _sim.Host.RestorePath(returning);
        Assert.DoesNotContain(returning, Directory.GetFileSystemEntries(Path.Combine(_sim.Host.Roots.SysRoot, "block", _volume.Map!, "slaves")).Select(Path.GetFileName));

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(20 * GiB, outcome.SizeBytes);
        Assert.Contains(returning, Directory.GetFileSystemEntries(Path.Combine(_sim.Host.Roots.SysRoot, "block", _volume.Map!, "slaves")).Select(Path.GetFileName));
        Assert.Equal([["resize", "map", $"/dev/{_volume.Map}"], ["add", "path", returning]], _sim.Runner.Calls.Select(c => c.Arguments.ToArray()));
        Assert.Contains(outcome.Steps, s => s.Name == Step.RejoinMap.Name);
    }

    [Fact]
    public async Task A_path_that_came_back_before_the_array_grew_joins_the_map_by_itself_and_needs_no_rejoin()
    {
        var returning = _volume.Paths[1];
        _sim.Host.RemovePath(returning);
        _sim.Host.RestorePath(returning);
        _volume.Lun.Grow(20 * GiB);

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.DoesNotContain(outcome.Steps, s => s.Name == Step.RejoinMap.Name);
        Assert.Equal(1, _sim.Host.Multipathd.Calls);
    }

    [Fact]
    public async Task Paths_that_disagree_end_in_PathSizeMismatch_with_every_size_reported()
    {
        _volume.Lun.Grow(20 * GiB);
        _sim.Host.ScsiPath(_volume.Paths[1]).Behaviour = PathBehaviour.Never;

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.Equal(ResizeFailureReason.PathSizeMismatch, outcome.Reason);
        Assert.Contains(outcome.Paths, p => p.Device == _volume.Paths[0] && p.SizeBytes == 20 * GiB);
        Assert.Contains(outcome.Paths, p => p.Device == _volume.Paths[1] && p.SizeBytes == 10 * GiB);
        Assert.Equal(0, _sim.Host.Multipathd.Calls);
    }

    [Fact]
    public async Task A_path_that_lags_is_rescanned_again_and_catches_up()
    {
        // The other path must have taken its rescan before the reissue: 500 ms, not FastOptions' 100, so that a loaded
        // machine's kernel thread does not make it look lagging too.
        await using var sim = new SimulatedEngine(SimulatedEngine.FastOptions with { RescanReissueInterval = TimeSpan.FromMilliseconds(500) });
        var volume = sim.Host.AddIscsiVolume(10 * GiB, paths: 2, multipath: true);
        volume.Lun.Grow(20 * GiB);
        var lagging = sim.Host.ScsiPath(volume.Paths[1]);
        lagging.Behaviour = PathBehaviour.LateBy(1);

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.True(lagging.Rescans >= 2);
        Assert.Equal(1, sim.Host.ScsiPath(volume.Paths[0]).Rescans);
    }

    [Fact]
    public async Task A_path_that_applies_the_change_late_is_waited_for()
    {
        _volume.Lun.Grow(20 * GiB);
        _sim.Host.ScsiPath(_volume.Paths[0]).Behaviour = PathBehaviour.Delayed(TimeSpan.FromMilliseconds(300));

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(20 * GiB, outcome.SizeBytes);
    }

    [Fact]
    public async Task An_array_that_has_not_grown_yet_ends_in_RescanTimeout_as_retriable()
    {
        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.Equal(ResizeFailureReason.RescanTimeout, outcome.Reason);
        Assert.True(outcome.Retriable);
        Assert.All(outcome.Paths, p => Assert.Equal(10 * GiB, p.SizeBytes));
        Assert.Equal(0, _sim.Host.Multipathd.Calls);
    }

    [Fact]
    public async Task A_replay_at_the_size_already_shown_succeeds_without_calling_multipathd()
    {
        _volume.Lun.Grow(20 * GiB);
        var first = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));
        var replay = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.True(first.Succeeded, first.Detail);
        Assert.True(replay.Succeeded, replay.Detail);
        Assert.Equal(20 * GiB, replay.SizeBytes);
        Assert.Equal(1, _sim.Host.Multipathd.Calls);
    }

    [Fact]
    public async Task A_request_smaller_than_the_volume_reports_the_current_size_and_shrinks_nothing()
    {
        _volume.Lun.Grow(30 * GiB);
        await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 30 * GiB));

        var outdated = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.True(outdated.Succeeded, outdated.Detail);
        Assert.Equal(30 * GiB, outdated.SizeBytes);
        Assert.Equal(30 * GiB, _sim.Host.SizeOf(_volume.Map!));
    }

    [Fact]
    public async Task Two_events_for_one_volume_never_overlap_and_both_converge()
    {
        _volume.Lun.Grow(20 * GiB);

        var outcomes = await Task.WhenAll(
            _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB)),
            _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB)));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Detail));
        Assert.Equal(1, _sim.Host.Multipathd.Calls);
    }
}
