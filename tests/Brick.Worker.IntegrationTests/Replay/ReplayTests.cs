using Brick.Contracts;
using Brick.Engine.Telemetry;
using Brick.Testing;
using Brick.Tools.Replay;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Replay;

/// <summary>Moving messages from a host's error queue back to <c>brick.volume-extended</c>, on a real broker.</summary>
public sealed class ReplayTests(BrokerFixture broker) : IAsyncLifetime
{
    private readonly string _host = Requests.UniqueHost("replay");
    private ReplayQueues _queues = null!;

    private string ErrorQueue => EntityNames.ErrorQueue(_host);

    private string WorkerQueue => EntityNames.WorkerQueue(_host);

    public ValueTask InitializeAsync()
    {
        _queues = new ReplayQueues(broker.Uri);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (broker.IsContainer || Environment.GetEnvironmentVariable("BRICK_TEST_RABBITMQ_URI") is { Length: > 0 })
        {
            try
            {
                await _queues.DeleteAsync(ErrorQueue, WorkerQueue);
            }
            catch (Exception e) when (e is RabbitMQ.Client.Exceptions.RabbitMQClientException or RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Messages_move_to_their_hosts_queue_in_order_with_body_content_type_and_id_kept_and_the_error_headers_replaced(bool quorum)
    {
        broker.Require();
        await _queues.DeclareAsync(ErrorQueue, quorum);
        await _queues.DeclareWorkerQueueAsync(_host);
        var volumes = Enumerable.Range(0, 3).Select(_ => Requests.UniqueVolume()).ToList();
        var ids = await _queues.PutAsync(ErrorQueue,
            volumes.Select(v => (Requests.Local(v, _host, 0, 2 * GiB), (IDictionary<string, object?>?)ReplayQueues.FailureHeaders(ResizeFailureReason.RescanTimeout))));

        var (summary, reported) = await ReplayRun.RunAsync(broker.Uri, ReplayRun.From(_host));

        Assert.Equal((3L, 0L, 0L), (summary.Moved, summary.Skipped, summary.Left));
        Assert.All(reported, r => Assert.Equal(ReplayResult.Moved, r.Result));
        Assert.Equal(0u, await _queues.CountAsync(ErrorQueue));
        var moved = await _queues.TakeAllAsync(WorkerQueue);
        Assert.Equal(ids, moved.Select(m => m.MessageId));
        Assert.All(moved, m =>
        {
            Assert.Equal("application/json", m.ContentType);
            // x-dotnet-pub-seq-no: RabbitMQ.Client's own, on every publish it tracks for confirms and returns.
            Assert.Equal(["brick-replayed", "brick-replayed-from", "tenant"], m.Headers.Keys.Where(k => k != "x-dotnet-pub-seq-no").Order(StringComparer.Ordinal));
            Assert.Equal("1", m.Header("brick-replayed"));
            Assert.Equal(ErrorQueue, m.Header("brick-replayed-from"));
        });
        Assert.Equal(volumes.Select(v => System.Text.Json.JsonSerializer.Serialize(Requests.Local(v, _host, 0, 2 * GiB))), moved.Select(m => m.Body));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Only_matching_messages_move_and_the_others_stay_in_the_source_in_their_order(bool quorum)
    {
        broker.Require();
        await _queues.DeclareAsync(ErrorQueue, quorum);
        await _queues.DeclareWorkerQueueAsync(_host);
        var old = DateTimeOffset.UtcNow.AddHours(-3);
        var fresh = DateTimeOffset.UtcNow;
        var wanted = Requests.UniqueVolume();
        var messages = new (string Volume, ResizeFailureReason Reason, DateTimeOffset FailedAt)[]
        {
            (Requests.UniqueVolume(), ResizeFailureReason.RescanTimeout, old),   // another volume
            (wanted, ResizeFailureReason.RescanTimeout, old),                    // moves
            (wanted, ResizeFailureReason.DeviceNotFound, old),                   // another reason
            (wanted, ResizeFailureReason.RescanTimeout, fresh),                  // too young
            (wanted, ResizeFailureReason.RescanTimeout, old),                    // moves
            (wanted, ResizeFailureReason.RescanTimeout, old),                    // beyond --max 2
            (Requests.UniqueVolume(), ResizeFailureReason.DeviceNotFound, old),  // another volume
        };
        var ids = await _queues.PutAsync(ErrorQueue,
            messages.Select(m => (Requests.Local(m.Volume, _host, 0, 2 * GiB), (IDictionary<string, object?>?)ReplayQueues.FailureHeaders(m.Reason, m.FailedAt))));
        var filter = new ReplayFilter(new HashSet<string> { wanted }, new HashSet<string> { nameof(ResizeFailureReason.RescanTimeout) },
            TimeSpan.FromHours(1), null);
        using var recorder = new MetricRecorder();
        using var metrics = new BrickMetrics(recorder);

        var (summary, reported) = await ReplayRun.RunAsync(broker.Uri, ReplayRun.From(_host, filter, max: 2), metrics);

        Assert.Equal(
            [ReplayResult.Skipped, ReplayResult.Moved, ReplayResult.Skipped, ReplayResult.Skipped, ReplayResult.Moved, ReplayResult.Skipped, ReplayResult.Skipped],
            reported.Select(r => r.Result));
        Assert.Equal("beyond --max 2", reported[5].Detail);
        Assert.Equal((2L, 5L, 0L, 0L), (summary.Moved, summary.Skipped, summary.Left, summary.NotExamined));
        Assert.Equal([ids[1], ids[4]], (await _queues.TakeAllAsync(WorkerQueue)).Select(m => m.MessageId));
        var left = (await _queues.TakeAllAsync(ErrorQueue)).Select(m => ids.ToList().IndexOf(m.MessageId!)).ToList();
        Assert.True(left.SequenceEqual([0, 2, 3, 5, 6]), $"left in the source, by position: {string.Join(",", left)}");
        Assert.Equal(2, recorder.Sum(BrickMetrics.ReplayMessages, ("result", "moved")));
        Assert.Equal(5, recorder.Sum(BrickMetrics.ReplayMessages, ("result", "skipped")));
    }

    [Fact]
    public async Task A_dry_run_lists_volume_host_reason_size_age_and_times_replayed_and_moves_nothing()
    {
        broker.Require();
        await _queues.DeclareAsync(ErrorQueue, quorum: true);
        await _queues.DeclareWorkerQueueAsync(_host);
        var volume = Requests.UniqueVolume();
        var headers = ReplayQueues.FailureHeaders(ResizeFailureReason.RescanTimeout, DateTimeOffset.UtcNow.AddMinutes(-30));
        headers["brick-replayed"] = 2;
        var ids = await _queues.PutAsync(ErrorQueue,
        [
            (Requests.Local(volume, _host, 0, 2 * GiB), headers),
            ("not json {"u8.ToArray(), ReplayQueues.FailureHeaders(ResizeFailureReason.InvalidRequest)),
        ]);

        var (summary, reported) = await ReplayRun.RunAsync(broker.Uri, ReplayRun.From(_host, dryRun: true));

        Assert.Equal((0L, 1L, 1L), (summary.Moved, summary.WouldMove, summary.Left));
        var listed = reported[0];
        Assert.Equal(ReplayResult.WouldMove, listed.Result);
        Assert.Equal((volume, _host, "RescanTimeout", 2 * GiB, 2), (listed.Message.VolumeId, listed.Message.Host, listed.Message.Reason,
            listed.Message.NewSizeBytes!.Value, listed.Message.TimesReplayed));
        Assert.InRange(listed.Message.Age!.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(35));
        Assert.Equal(ReplayResult.Invalid, reported[1].Result);
        Assert.Equal(0u, await _queues.CountAsync(WorkerQueue));
        Assert.Equal(ids, (await _queues.TakeAllAsync(ErrorQueue)).Select(m => m.MessageId));
    }

    [Fact]
    public async Task Invalid_messages_are_never_replayed_and_stay_in_place_with_their_reason()
    {
        broker.Require();
        await _queues.DeclareAsync(ErrorQueue, quorum: true);
        await _queues.DeclareWorkerQueueAsync(_host);
        var good = Requests.UniqueVolume();
        var ids = await _queues.PutAsync(ErrorQueue,
        [
            ("""{"volumeId":"vol-x","host":"HOST","newSizeBytes":"lots"}""".Replace("HOST", _host, StringComparison.Ordinal).Select(c => (byte)c).ToArray(),
                ReplayQueues.FailureHeaders(ResizeFailureReason.InvalidRequest)),
            (Requests.Local(good, _host, 0, 2 * GiB), ReplayQueues.FailureHeaders(ResizeFailureReason.RescanTimeout)),
            ("null"u8.ToArray(), ReplayQueues.FailureHeaders(ResizeFailureReason.InvalidRequest)),
        ]);

        var (summary, reported) = await ReplayRun.RunAsync(broker.Uri, ReplayRun.From(_host));

        Assert.Equal((1L, 2L, 2L), (summary.Moved, summary.Left, summary.Invalid));
        Assert.Equal([ReplayResult.Invalid, ReplayResult.Moved, ReplayResult.Invalid], reported.Select(r => r.Result));
        Assert.Contains("newSizeBytes must be an integer", reported[0].Detail, StringComparison.Ordinal);
        Assert.Contains("not a JSON object", reported[2].Detail, StringComparison.Ordinal);
        Assert.Equal([ids[1]], (await _queues.TakeAllAsync(WorkerQueue)).Select(m => m.MessageId));
        Assert.Equal([ids[0], ids[2]], (await _queues.TakeAllAsync(ErrorQueue)).Select(m => m.MessageId));
    }

    [Fact]
    public async Task A_message_for_a_host_without_a_worker_queue_stays_in_the_source()
    {
        broker.Require();
        // A queue of the operator's own (a shared source): each message goes to the host it names, where that has a queue.
        var parking = ErrorQueue + "-parking";
        await _queues.DeclareAsync(parking, quorum: true);
        await _queues.DeclareWorkerQueueAsync(_host);
        var nowhere = Requests.UniqueHost("nowhere");
        try
        {
            var ids = await _queues.PutAsync(parking,
            [
                (Requests.Local(Requests.UniqueVolume(), nowhere, 0, 2 * GiB), ReplayQueues.FailureHeaders(ResizeFailureReason.Misrouted)),
                (Requests.Local(Requests.UniqueVolume(), _host, 0, 2 * GiB), ReplayQueues.FailureHeaders(ResizeFailureReason.RescanTimeout)),
            ]);

            var (summary, reported) = await ReplayRun.RunAsync(
                broker.Uri, new ReplayPlan(new ReplaySource(parking, ReplaySourceKind.Queue), ReplayFilter.All, null, false));

            Assert.Equal([ReplayResult.NoWorkerQueue, ReplayResult.Moved], reported.Select(r => r.Result));
            Assert.Contains($"brick-worker.{nowhere}", reported[0].Detail, StringComparison.Ordinal);
            Assert.Equal((1L, 1L), (summary.Moved, summary.NoWorkerQueue));
            Assert.Equal([ids[0]], (await _queues.TakeAllAsync(parking)).Select(m => m.MessageId));
        }
        finally
        {
            await _queues.DeleteAsync(parking);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_hosts_error_queue_is_replayed_to_that_host_only_and_another_hosts_message_stays_counted_by_its_reason(bool dryRun)
    {
        // Issue 18 finding 14: a Misrouted message in A's error queue names host B; replay --host A sent it to B's queue.
        broker.Require();
        var other = Requests.UniqueHost("other");
        await _queues.DeclareAsync(ErrorQueue, quorum: true);
        await _queues.DeclareWorkerQueueAsync(_host);
        await _queues.DeclareWorkerQueueAsync(other);
        try
        {
            var ids = await _queues.PutAsync(ErrorQueue,
            [
                (Requests.Local(Requests.UniqueVolume(), other, 0, 2 * GiB), ReplayQueues.FailureHeaders(ResizeFailureReason.Misrouted)),
                (Requests.Local(Requests.UniqueVolume(), _host, 0, 2 * GiB), ReplayQueues.FailureHeaders(ResizeFailureReason.RescanTimeout)),
                (Requests.Local(Requests.UniqueVolume(), other, 0, 2 * GiB), ReplayQueues.FailureHeaders(ResizeFailureReason.Misrouted)),
            ]);

            var (summary, reported) = await ReplayRun.RunAsync(broker.Uri, ReplayRun.From(_host, dryRun: dryRun));

            var mine = dryRun ? ReplayResult.WouldMove : ReplayResult.Moved;
            Assert.Equal([ReplayResult.OtherHost, mine, ReplayResult.OtherHost], reported.Select(r => r.Result));
            Assert.All([reported[0], reported[2]], r =>
            {
                Assert.Equal("Misrouted", r.Message.Reason);
                Assert.Contains($"names host {other}", r.Detail, StringComparison.Ordinal);
            });
            Assert.Equal((2L, 2L), (summary.OtherHost, summary.Left));
            Assert.Equal(0u, await _queues.CountAsync(EntityNames.WorkerQueue(other)));
            Assert.Equal(dryRun ? [ids[0], ids[1], ids[2]] : [ids[0], ids[2]], (await _queues.TakeAllAsync(ErrorQueue)).Select(m => m.MessageId));
            Assert.Equal(dryRun ? [] : [ids[1]], (await _queues.TakeAllAsync(WorkerQueue)).Select(m => m.MessageId));
        }
        finally
        {
            await _queues.DeleteAsync(EntityNames.WorkerQueue(other));
        }
    }

    [Fact]
    public async Task A_host_whose_error_queue_does_not_exist_has_nothing_to_replay_and_is_told_why()
    {
        // The worker declares no error queue at start: MassTransit does, with the first failure it moves there.
        broker.Require();
        await _queues.DeclareWorkerQueueAsync(_host); // the host's worker has consumed: it just never failed

        var (summary, reported) = await ReplayRun.RunAsync(broker.Uri, ReplayRun.From(_host));

        Assert.Empty(reported);
        Assert.Equal((0L, 0L, 0L, 0L), (summary.Moved, summary.Skipped, summary.Left, summary.Examined));
        Assert.Contains($"Host {_host} has no error queue", summary.NoSource, StringComparison.Ordinal);
        Assert.Contains("no failure was ever moved there", summary.NoSource, StringComparison.Ordinal);
        Assert.Null(await _queues.CountAsync(ErrorQueue)); // and the replay did not make one
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_replay_that_dies_before_it_publishes_loses_nothing_and_leaves_the_source_in_order(bool quorum)
    {
        broker.Require();
        await _queues.DeclareAsync(ErrorQueue, quorum);
        await _queues.DeclareWorkerQueueAsync(_host);
        var ids = await PutValidAsync(5);

        await Assert.ThrowsAsync<Died>(() => ReplayRun.RunAsync(broker.Uri, ReplayRun.From(_host), checkpoints: new DieAt(3, beforeAck: false)));

        var moved = (await _queues.TakeAllAsync(WorkerQueue)).Select(m => m.MessageId).ToList();
        var left = (await _queues.TakeAllAsync(ErrorQueue)).Select(m => m.MessageId).ToList();
        Assert.Equal(ids.Take(2), moved);
        Assert.Equal(ids.Skip(2), left);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_replay_that_dies_between_the_confirm_and_the_ack_loses_nothing_and_at_most_duplicates_that_message(bool quorum)
    {
        broker.Require();
        await _queues.DeclareAsync(ErrorQueue, quorum);
        await _queues.DeclareWorkerQueueAsync(_host);
        var ids = await PutValidAsync(5);

        await Assert.ThrowsAsync<Died>(() => ReplayRun.RunAsync(broker.Uri, ReplayRun.From(_host), checkpoints: new DieAt(3, beforeAck: true)));

        var moved = (await _queues.TakeAllAsync(WorkerQueue)).Select(m => m.MessageId).ToList();
        var left = (await _queues.TakeAllAsync(ErrorQueue)).Select(m => m.MessageId).ToList();
        Assert.Equal(ids.Take(3), moved);
        Assert.Equal(ids.Skip(2), left); // the third is in both: a duplicate, which the contract's idempotence absorbs
    }

    private Task<IReadOnlyList<string>> PutValidAsync(int count) => _queues.PutAsync(ErrorQueue,
        Enumerable.Range(0, count).Select(_ => (Requests.Local(Requests.UniqueVolume(), _host, 0, 2 * GiB),
            (IDictionary<string, object?>?)ReplayQueues.FailureHeaders(ResizeFailureReason.RescanTimeout))));

    private sealed class Died : Exception;

    /// <summary>The process "dies" (the replay stops dead, its connection goes) at the <paramref name="nth"/> message's checkpoint.</summary>
    private sealed class DieAt(int nth, bool beforeAck) : IReplayCheckpoints
    {
        private int _published;
        private int _confirmed;

        public ValueTask BeforePublishAsync(ReplayCandidate message, CancellationToken cancellationToken) =>
            !beforeAck && ++_published == nth ? throw new Died() : ValueTask.CompletedTask;

        public ValueTask BeforeAckAsync(ReplayCandidate message, CancellationToken cancellationToken) =>
            beforeAck && ++_confirmed == nth ? throw new Died() : ValueTask.CompletedTask;
    }
}
