using Brick.Contracts;
using RabbitMQ.Client;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Messaging;

/// <summary>
/// The broker's delivery limit, set by the policies of deploy/rabbitmq/definitions.json (imported into a broker of the
/// test's own, as an operator imports them), which dead-letter to the fleet's dead-letter queue. A request redelivered
/// past the limit, which the worker never counts (here: a consumer whose channel closes every time it holds the
/// message, as a crash-looping consumer's or a flapping connection's does), ends in <c>brick.worker-dead-letter</c>
/// with the broker's reason and its host, on RabbitMQ 4 (which would drop it after 20 deliveries) and on 3.10 (which
/// would redeliver it without end), with nothing declared for the host but its work queue. Without the policy the
/// message is in no queue on 4.0, and never leaves the work queue on 3.10; without the policy's fixed routing key (or
/// the fleet queue's binding) it is routed nowhere: either way this fails.
/// </summary>
public sealed class DeliveryLimitTests
{
    /// <summary>The limit of the policy (RabbitMQ 4's default, explicit): the 21st return dead-letters.</summary>
    private const int Limit = 20;

    [Theory]
    [InlineData(CompatBrokers.Current)]
    [InlineData(CompatBrokers.RabbitMq3)]
    public async Task A_request_redelivered_past_the_broker_limit_ends_in_the_fleet_dead_letter_queue_with_the_broker_reason_and_its_host(string which)
    {
        await using var own = await CompatBrokers.StartOwnAsync(which);
        await own.ImportDefinitionsAsync();
        var broker = await own.AsFixtureAsync();
        await using var scenario = await WorkerScenario.StartAsync(broker, "dlimit");
        var queue = EntityNames.WorkerQueue(scenario.HostName);
        await scenario.Worker.StopAsync(); // the queue stays

        var volume = Requests.UniqueVolume();
        await scenario.PublishAsync(scenario.Request(volume, 0, 2 * GiB));

        var ct = TestContext.Current.CancellationToken;
        await using var connection = await broker.ConnectAsync();
        var deliveries = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (deliveries < Limit + 5 && DateTime.UtcNow < deadline)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            if (await channel.BasicGetAsync(queue, autoAck: false, ct) is null)
            {
                if (deliveries > Limit)
                    break; // gone from the work queue after the limit
                await Task.Delay(100, ct); // not published yet, or on its way back
                continue;
            }

            deliveries++;
            await channel.CloseAsync(ct); // unacknowledged: the broker takes it back and counts a delivery
        }

        var copies = await ErrorCopies.TakeAsync(broker, EntityNames.WorkerDeadLetterQueue, 1, TimeSpan.FromSeconds(30));
        var copy = Assert.Single(copies);
        Assert.Contains(volume, copy.Body, StringComparison.Ordinal);
        Assert.Contains($"\"host\":\"{scenario.HostName}\"", copy.Body, StringComparison.Ordinal);
        Assert.Equal("delivery_limit", copy.Header("x-first-death-reason"));
        Assert.Equal(queue, copy.Header("x-first-death-queue"));
        Assert.Contains($"routing-keys={scenario.HostName}", copy.Header("x-death"), StringComparison.Ordinal);
        Assert.Equal(Limit + 1, deliveries);
        Assert.Equal(0u, await ErrorCopies.CountAsync(broker, queue));
        // Nothing of the host's own was declared for it: no error queue while the worker has moved no failure there.
        Assert.Null(await new Replay.ReplayQueues(broker.Uri).CountAsync(EntityNames.ErrorQueue(scenario.HostName)));
    }

    /// <summary>
    /// A host's queue as an earlier worker declared it (quorum, no argument but its type, bound to
    /// <c>brick.volume-extended</c>) is taken as it is by this worker, which serves it, and is the one the policy
    /// protects; its error queue, made by the first failure, is not, nor is the fleet's dead-letter queue (a policy
    /// there would dead-letter what waits for an operator).
    /// </summary>
    [Fact]
    public async Task A_queue_declared_by_an_earlier_worker_is_served_as_it_is_and_gets_the_policy_but_its_error_queue_does_not()
    {
        await using var own = await CompatBrokers.StartOwnAsync(CompatBrokers.Current);
        await own.ImportDefinitionsAsync();
        var broker = await own.AsFixtureAsync();
        var host = Requests.UniqueHost("oldq");
        var queue = EntityNames.WorkerQueue(host);
        var errorQueue = EntityNames.ErrorQueue(host);
        var ct = TestContext.Current.CancellationToken;
        await using (var connection = await broker.ConnectAsync())
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: ct))
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: ct);
            await channel.QueueBindAsync(queue, EntityNames.VolumeExtendedExchange, host, cancellationToken: ct);
        }

        await using var scenario = await WorkerScenario.StartAsync(broker, "oldq", hostName: host);
        scenario.Grow(0, 2 * GiB);
        var volume = Requests.UniqueVolume();
        await scenario.PublishAsync(scenario.Request(volume, 0, 2 * GiB));
        var outcome = await scenario.Client.WaitForVolumeAsync(volume, TimeSpan.FromSeconds(60));
        Assert.True(outcome.Resized, outcome.ToString());

        // A request for another host: the worker moves it to its error queue, which MassTransit declares then.
        await scenario.Client.PublishAsync(host, Requests.Local(Requests.UniqueVolume(), "someone-else", 0, 2 * GiB));
        Assert.Single(await ErrorCopies.TakeAsync(broker, errorQueue, 1, TimeSpan.FromSeconds(60), leave: true));
        var policies = (await own.RabbitmqctlAsync("list_queues", "-q", "--no-table-headers", "name", "policy"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .ToDictionary(f => f[0], f => f.Length > 1 ? f[1] : "");
        Assert.Equal("brick-worker-queues", policies[queue]);
        Assert.Equal("", policies[errorQueue]);
        Assert.Equal("", policies[EntityNames.WorkerDeadLetterQueue]);
    }
}
