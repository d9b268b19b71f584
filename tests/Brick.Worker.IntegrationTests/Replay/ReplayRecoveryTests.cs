using Brick.Contracts;
using Brick.Simulation.Hosts;
using Brick.Tools.Replay;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Replay;

/// <summary>Replay as operators use it, with real workers: after a fix (the array grew), and for a host that had no worker yet.</summary>
public sealed class ReplayRecoveryTests(BrokerFixture broker)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_request_the_worker_gave_up_on_is_resized_once_replayed_after_the_array_grew()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker, "gaveup", settings: new Dictionary<string, string?> { ["RetryLimit"] = "1" });
        var host = scenario.HostName;
        var client = scenario.Client;
        var queues = new ReplayQueues(broker.Uri);
        var volume = Requests.UniqueVolume();
        await scenario.PublishAsync(scenario.Request(volume, 0, 2 * GiB));
        var failed = await client.WaitForVolumeAsync(volume, Patience);
        Assert.True(failed.Reason == nameof(ResizeFailureReason.RescanTimeout), failed.ToString());
        await WaitForAsync(async () => await queues.CountAsync(EntityNames.ErrorQueue(host)) == 1);
        await scenario.Worker.StopAsync();

        var original = Assert.Single(await PeekAsync(queues, EntityNames.ErrorQueue(host)));
        TestContext.Current.TestOutputHelper?.WriteLine("error queue headers: " + string.Join(", ", original.Headers.Select(h => $"{h.Key}={h.Value}").Order(StringComparer.Ordinal)));
        Assert.Equal("RescanTimeout", original.Header("brick-reason"));
        Assert.Equal("fault", original.Header("MT-Reason"));
        Assert.Contains(original.Headers.Keys, k => k.StartsWith("MT-Fault-", StringComparison.Ordinal));

        // The worker is stopped: the replayed copy waits in its queue, where its headers can be read.
        scenario.Grow(0, 2 * GiB);
        var (summary, reported) = await ReplayRun.RunAsync(broker.Uri, ReplayRun.From(host));
        Assert.Equal(1, summary.Moved);
        var replayed = Assert.Single(reported).Message;
        Assert.Equal((volume, "RescanTimeout"), (replayed.VolumeId, replayed.Reason));

        var copy = Assert.Single(await PeekAsync(queues, EntityNames.WorkerQueue(host)));
        Assert.Equal((original.MessageId, original.ContentType, original.Body), (copy.MessageId, copy.ContentType, copy.Body));
        Assert.DoesNotContain(copy.Headers.Keys, k => k.StartsWith("MT-Fault-", StringComparison.Ordinal) || k.StartsWith("MT-Host-", StringComparison.Ordinal)
            || k is "MT-Reason" or "brick-reason");
        Assert.Equal(("1", EntityNames.ErrorQueue(host)), (copy.Header("brick-replayed"), copy.Header("brick-replayed-from")));

        await scenario.StartWorkerAsync();
        var resized = await client.WaitAsync(o => o.VolumeId == volume && o.Resized, Patience);
        Assert.Equal(2 * GiB, resized.Long("newSizeBytes"));
        Assert.Equal(2 * GiB, scenario.SizeOf(0));
    }

    [Fact]
    public async Task Messages_waiting_in_brick_unrouted_are_delivered_once_a_worker_for_their_host_exists()
    {
        // brick.unrouted is shared by every test of a broker: this test has a broker of its own.
        await using var own = await OwnBroker.CreateAsync();
        var host = Requests.UniqueHost("late");
        var other = Requests.UniqueHost("never");
        await using var simulated = SimulatedHost.Create();
        simulated.AddLoopVolume(1 * GiB).Lun.Grow(2 * GiB);
        var fixture = await own.AsFixtureAsync();
        await using var client = await ContractClient.CreateAsync(fixture, host);
        var queues = new ReplayQueues(own.Uri);
        var volume = Requests.UniqueVolume();
        var elsewhere = Requests.UniqueVolume();
        await client.PublishAsync(host, Requests.Local(volume, host, 0, 2 * GiB));
        await client.PublishAsync(other, Requests.Local(elsewhere, other, 0, 2 * GiB));
        await WaitForAsync(async () => await queues.CountAsync(EntityNames.Unrouted) == 2);
        var plan = new ReplayPlan(ReplaySource.Unrouted, ReplayFilter.All with { Host = host }, null, false);

        var (before, reportedBefore) = await ReplayRun.RunAsync(own.Uri, plan);
        Assert.Equal([ReplayResult.NoWorkerQueue, ReplayResult.Skipped], reportedBefore.Select(r => r.Result));
        Assert.Equal(0, before.Moved);

        await using var worker = await RunningWorker.StartAsync(own.Uri, host, simulated);
        var (after, reportedAfter) = await ReplayRun.RunAsync(own.Uri, plan);
        Assert.Equal([ReplayResult.Moved, ReplayResult.Skipped], reportedAfter.Select(r => r.Result));

        var resized = await client.WaitAsync(o => o.VolumeId == volume && o.Resized, Patience);
        Assert.Equal(2 * GiB, resized.Long("newSizeBytes"));
        var stillWaiting = Assert.Single(await queues.TakeAllAsync(EntityNames.Unrouted));
        Assert.Contains(elsewhere, stillWaiting.Body, StringComparison.Ordinal);
    }

    /// <summary>Reads every message of a queue and gives them back.</summary>
    private static async Task<IReadOnlyList<QueuedMessage>> PeekAsync(ReplayQueues queues, string queue)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await queues.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var seen = new List<QueuedMessage>();
        while (await channel.BasicGetAsync(queue, autoAck: false, ct) is { } message)
            seen.Add(QueuedMessage.Read(message.BasicProperties, message.Body));
        return seen; // closing the channel gives them back
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not within the patience");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
