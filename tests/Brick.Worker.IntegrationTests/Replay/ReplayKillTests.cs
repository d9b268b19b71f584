using System.Diagnostics;
using System.Text.Json;
using Brick.Contracts;
using Brick.Testing;
using RabbitMQ.Client;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Replay;

/// <summary><c>brick-worker replay</c> as its own process, killed with SIGKILL in the middle of a long run.</summary>
public sealed class ReplayKillTests(BrokerFixture broker)
{
    private const int Messages = 1000;

    [Fact]
    public async Task A_replay_process_killed_mid_run_loses_no_message()
    {
        broker.Require();
        var ct = TestContext.Current.CancellationToken;
        var host = Requests.UniqueHost("killed");
        var queues = new ReplayQueues(broker.Uri);
        var errorQueue = EntityNames.ErrorQueue(host);
        var workerQueue = EntityNames.WorkerQueue(host);
        await queues.DeclareAsync(errorQueue, quorum: true);
        await queues.DeclareWorkerQueueAsync(host);
        var ids = await FillAsync(queues, errorQueue, host);

        // The replay reports each message once it is moved (confirmed at the destination, acknowledged at the source):
        // its own output says when it is in the middle of the run, however slow the broker answers others.
        var replay = WorkerProcess.Start(["replay", "--host", host, "--broker", broker.Uri.ToString(), "--output", "json"]);
        var reported = new List<string>();
        await using (replay)
        {
            try
            {
                var limit = Stopwatch.StartNew();
                while ((reported = Moved(replay.Lines)).Count < 20 && !replay.HasExited && limit.Elapsed < TimeSpan.FromMinutes(3))
                    await Task.Delay(10, ct);
            }
            finally
            {
                // SIGKILL: no finally, no nack, the socket simply goes. Also when the reading above failed or timed out:
                // the replay must not go on moving this test's messages after it.
                await replay.KillAsync();
            }

            reported = Moved(replay.Lines); // what it reported before it died: each of these is at the destination
        }

        Assert.True(reported.Count >= 20, $"the replay reported {reported.Count} moved, then ended: {replay.Tail()}");

        var moved = (await queues.TakeAllAsync(workerQueue)).Select(m => m.MessageId!).ToList();
        var left = await TakeAfterRequeueAsync(queues, errorQueue, moved.Count);
        Assert.True(left.Count > 0, $"the replay had finished when it was killed ({moved.Count} moved): nothing shows it was cut short");
        Assert.Empty(reported.Except(moved)); // what it reported moved is at the destination
        Assert.Empty(ids.Except(moved).Except(left));
        Assert.InRange(moved.Count + left.Count, Messages, Messages + 1); // at most the one in flight twice
        Assert.Equal(ids.Where(moved.Contains), moved); // moved in order
        await queues.DeleteAsync(errorQueue, workerQueue);
    }

    /// <summary>Fills the error queue fast: every publish in flight at once, then every confirm awaited.</summary>
    private static async Task<List<string>> FillAsync(ReplayQueues queues, string queue, string host)
    {
        var ct = TestContext.Current.CancellationToken;
        var ids = new List<string>();
        await using var connection = await queues.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), ct);
        var confirms = new List<Task>();
        for (var i = 0; i < Messages; i++)
        {
            var id = Guid.NewGuid().ToString();
            ids.Add(id);
            var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = id };
            confirms.Add(channel.BasicPublishAsync("", queue, true, properties,
                JsonSerializer.SerializeToUtf8Bytes(Requests.Local($"vol-{i}", host, 0, 2 * GiB)), ct).AsTask());
        }

        await Task.WhenAll(confirms).WaitAsync(TimeSpan.FromSeconds(120), ct);
        return ids;
    }

    /// <summary>
    /// What is in the source once the broker has given back what the killed process held (it notices the socket go at
    /// once, but gives back asynchronously): waits until moved and ready add up, or 30 s (then the test shows the loss).
    /// </summary>
    private static async Task<List<string>> TakeAfterRequeueAsync(ReplayQueues queues, string queue, int moved)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && await queues.CountAsync(queue) + moved < Messages)
            await Task.Delay(100, TestContext.Current.CancellationToken);
        return [.. (await queues.TakeAllAsync(queue)).Select(m => m.MessageId!)];
    }

    /// <summary>The ids of the messages the replay reported, each a JSON line <c>{"result":"moved",…}</c> on its stdout (its log lines are not JSON objects).</summary>
    private static List<string> Moved(IEnumerable<string> lines) =>
    [
        .. lines.Where(line => line.StartsWith('{')).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            Assert.Equal("moved", json.RootElement.GetProperty("result").GetString());
            return json.RootElement.GetProperty("messageId").GetString()!;
        }),
    ];
}
