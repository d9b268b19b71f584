using Brick.Contracts;
using Brick.Engine.Operations;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;
using static Brick.Testing.Sizes;

namespace Brick.Engine.Tests.Operations;

/// <summary>How requests wait for their volume's turn and are joined, with a stand-in for the operation.</summary>
public sealed class VolumeTurnsTests
{
    private readonly List<(ExtendRequest Request, int Answers)> _runs = [];
    private readonly Dictionary<string, int> _running = new(StringComparer.OrdinalIgnoreCase);
    private int _maxRunningPerVolume;
    private int _runningNow;
    private int _maxRunning;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<ExtendRequest, ExtendOutcome> _answer = request => Succeeded(request.NewSizeBytes);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_that_wait_while_their_volume_runs_are_answered_together_by_one_operation_for_the_largest_size()
    {
        var turns = Turns();
        var first = turns.TakeAsync(Request("vol-a", 10 * GiB), Token);
        await WaitUntil(() => _runningNow == 1);
        var waiting = new[] { 12, 15, 11 }.Select(g => turns.TakeAsync(Request("vol-a", g * GiB), Token)).ToList();
        await WaitUntil(() => turns.ActiveVolumes == 1);

        ReleaseAll();
        var outcomes = await Task.WhenAll(waiting.Prepend(first));

        Assert.Equal(2, turns.Operations);
        Assert.Equal([(10 * GiB, 1), (15 * GiB, 3)], _runs.Select(r => (r.Request.NewSizeBytes, r.Answers)));
        Assert.All(outcomes, o => Assert.True(o.Succeeded));
        Assert.Equal(15 * GiB, outcomes[1].SizeBytes);
    }

    [Fact]
    public async Task Volume_ids_that_differ_only_in_case_are_one_volume_never_run_at_once()
    {
        var turns = Turns();
        var first = turns.TakeAsync(Request("6E3B0C2A-VOL", 10 * GiB), Token);
        await WaitUntil(() => _runningNow == 1);
        var second = turns.TakeAsync(Request("6e3b0c2a-vol", 10 * GiB), Token);
        await Task.Delay(50, Token);

        Assert.Equal(1, _runningNow);
        ReleaseAll();
        await Task.WhenAll(first, second);
        Assert.Equal(1, _maxRunningPerVolume);
        Assert.Equal(2, turns.Operations);
    }

    [Fact]
    public async Task A_burst_for_one_volume_holds_one_operation_slot_and_leaves_the_others_to_other_volumes()
    {
        var turns = Turns(slots: 2);
        var running = turns.TakeAsync(Request("busy", 10 * GiB), Token);
        await WaitUntil(() => _runningNow == 1);
        var burst = Enumerable.Range(1, 49).Select(i => turns.TakeAsync(Request("busy", (10 + i) * GiB), Token)).Prepend(running).ToList();

        var other = turns.TakeAsync(Request("quiet", 10 * GiB), Token);
        await WaitUntil(() => _runningNow == 2);
        Assert.Contains(_runs, r => r.Request.VolumeId == "quiet");

        ReleaseAll();
        await Task.WhenAll(burst.Append(other));
        Assert.Equal(3, turns.Operations); // busy's first request, the other 49 joined, and quiet
        Assert.Equal(2, _maxRunning);
    }

    [Fact]
    public async Task A_request_that_waits_past_its_limit_fails_as_retriable_without_running_anything()
    {
        var turns = Turns(slots: 1, waitLimit: TimeSpan.FromMilliseconds(200));
        var hog = turns.TakeAsync(Request("hog", 10 * GiB), Token);
        await WaitUntil(() => _runningNow == 1);

        var late = await turns.TakeAsync(Request("late", 10 * GiB), Token);

        Assert.False(late.Succeeded);
        Assert.Equal(ResizeFailureReason.CommandFailed, late.Reason);
        Assert.True(late.Retriable);
        Assert.Contains("did not get its turn", late.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(_runs, r => r.Request.VolumeId == "late");
        ReleaseAll();
        Assert.True((await hog).Succeeded);
    }

    [Fact]
    public async Task When_the_largest_size_is_not_reached_the_smaller_requests_that_were_reached_get_a_turn_of_their_own()
    {
        // The array is at 20 GiB: an operation for 30 GiB ends in RescanTimeout with the paths agreeing at 20 GiB.
        _answer = request => request.NewSizeBytes > 20 * GiB ? RescanTimedOut(20 * GiB) : Succeeded(20 * GiB);
        var turns = Turns();
        var first = turns.TakeAsync(Request("vol-a", 10 * GiB), Token);
        await WaitUntil(() => _runningNow == 1);
        var small = turns.TakeAsync(Request("vol-a", 20 * GiB), Token);
        var large = turns.TakeAsync(Request("vol-a", 30 * GiB), Token);
        await Task.Delay(20, Token);

        ReleaseAll();

        Assert.True((await first).Succeeded);
        Assert.True((await small).Succeeded);
        Assert.Equal(ResizeFailureReason.RescanTimeout, (await large).Reason);
        Assert.Equal([10 * GiB, 30 * GiB, 20 * GiB], _runs.Select(r => r.Request.NewSizeBytes));
    }

    [Fact]
    public async Task A_cancelled_request_leaves_its_line_and_the_others_are_still_answered()
    {
        var turns = Turns();
        var first = turns.TakeAsync(Request("vol-a", 10 * GiB), Token);
        await WaitUntil(() => _runningNow == 1);
        using var cancel = new CancellationTokenSource();
        var leaving = turns.TakeAsync(Request("vol-a", 50 * GiB), cancel.Token);
        var staying = turns.TakeAsync(Request("vol-a", 12 * GiB), Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        ReleaseAll();

        Assert.True((await first).Succeeded);
        Assert.True((await staying).Succeeded);
        Assert.Equal([10 * GiB, 12 * GiB], _runs.Select(r => r.Request.NewSizeBytes));
        await WaitUntil(() => turns.ActiveVolumes == 0);
    }

    [Fact]
    public async Task A_request_asked_before_a_successful_operation_began_is_answered_by_it_with_no_operation_of_its_own()
    {
        ReleaseAll();
        var turns = Turns();
        var asked = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(10);
        Assert.True((await turns.TakeAsync(Request("vol-a", 20 * GiB), Token)).Succeeded);

        var older = await turns.TakeAsync(Request("VOL-A", 15 * GiB) with { RequestedAt = asked }, Token);
        Assert.True(older.Succeeded);
        Assert.Equal(1, turns.Operations);

        await turns.TakeAsync(Request("vol-a", 15 * GiB) with { RequestedAt = DateTimeOffset.UtcNow }, Token);
        Assert.Equal(2, turns.Operations); // asked after that operation began: it may not have seen the array's growth
        await turns.TakeAsync(Request("vol-a", 25 * GiB) with { RequestedAt = asked }, Token);
        Assert.Equal(3, turns.Operations); // larger than the paths reached
        await turns.TakeAsync(Request("vol-a", 15 * GiB), Token);
        Assert.Equal(4, turns.Operations); // no requestedAt: nothing to compare
    }

    [Theory]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    public async Task A_request_asked_at_an_edge_of_the_calendar_is_answered_and_leaves_its_volume_free_for_the_next(string askedAt)
    {
        // Issue 18 finding 1: the line compared requestedAt + 1 s, which is not a date at 9999-12-31T23:59:59; the turn
        // threw with the request taken out of the line, and the volume's turn stayed taken for every later request.
        var turns = Turns(waitLimit: TimeSpan.FromSeconds(3));
        var at = DateTimeOffset.Parse(askedAt, System.Globalization.CultureInfo.InvariantCulture);
        var first = turns.TakeAsync(Request("vol-a", 10 * GiB) with { RequestedAt = at }, Token);
        await WaitUntil(() => _runningNow == 1);
        var together = turns.TakeAsync(Request("vol-a", 10 * GiB) with { RequestedAt = at }, Token);
        await WaitUntil(() => turns.ActiveVolumes == 1);
        ReleaseAll();

        Assert.True((await first).Succeeded);
        var joined = await together.WaitAsync(TimeSpan.FromSeconds(10), Token);
        Assert.True(joined.Succeeded, joined.Detail);
        var plain = await turns.TakeAsync(Request("vol-a", 10 * GiB), Token).WaitAsync(TimeSpan.FromSeconds(10), Token);
        Assert.True(plain.Succeeded, plain.Detail);
        await WaitUntil(() => turns.ActiveVolumes == 0);
    }

    private VolumeTurns Turns(int slots = 4, TimeSpan? waitLimit = null) =>
        new(slots, waitLimit ?? TimeSpan.FromSeconds(20), TimeProvider.System, RunAsync);

    private async Task<ExtendOutcome> RunAsync(ExtendRequest request, int answers, Action<Task> hold, CancellationToken cancellationToken)
    {
        lock (_runs)
        {
            _runs.Add((request, answers));
            _running[request.VolumeId] = _running.GetValueOrDefault(request.VolumeId) + 1;
            _maxRunningPerVolume = Math.Max(_maxRunningPerVolume, _running[request.VolumeId]);
            _runningNow++;
            _maxRunning = Math.Max(_maxRunning, _runningNow);
        }

        try
        {
            await _release.Task.WaitAsync(cancellationToken);
            return _answer(request);
        }
        finally
        {
            lock (_runs)
            {
                _running[request.VolumeId]--;
                _runningNow--;
            }
        }
    }

    private void ReleaseAll() => _release.TrySetResult();

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(5, Token);
        }
    }

    private static ExtendRequest Request(string volumeId, long size) =>
        new(volumeId, "compute-07", "att-1", size, new LocalTarget("/dev/loop0"), null, false, null);

    private static ExtendOutcome Succeeded(long size) =>
        new(true, null, null, false, "/dev/loop0", null, size, [new PathSize("loop0", size)], [], TimeSpan.Zero);

    private static ExtendOutcome RescanTimedOut(long pathSize) =>
        new(false, ResizeFailureReason.RescanTimeout, "not grown", true, "/dev/loop0", null, pathSize, [new PathSize("loop0", pathSize)], [], TimeSpan.Zero);
}
