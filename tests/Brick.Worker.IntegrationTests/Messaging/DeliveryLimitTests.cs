using Brick.Contracts;
using RabbitMQ.Client;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Messaging;

/// <summary>
/// The broker's delivery limit, set by the policies of deploy/rabbitmq/definitions.json (imported into a broker of the
/// test's own, as an operator imports them) and the worker's binding of its error queue to the shared dead-letter
/// exchange. A request redelivered past the limit, which the worker never counts (here: a consumer whose channel closes
/// every time it holds the message, as a crash-looping consumer's or a flapping connection's does), ends in the host's
/// error queue with the broker's reason, on RabbitMQ 4 (which would drop it after 20 deliveries) and on 3.10 (which
/// would redeliver it without end). Without the policy the message is in neither queue on 4.0, and never leaves the
/// work queue on 3.10; without the binding it does not reach the error queue: either way this fails.
/// </summary>
public sealed class DeliveryLimitTests
{
    /// <summary>The limit of the policy (RabbitMQ 4's default, explicit): the 21st return dead-letters.</summary>
    private const int Limit = 20;

    [Theory]
    [InlineData(CompatBrokers.Current)]
    [InlineData(CompatBrokers.RabbitMq3)]
    public async Task A_request_redelivered_past_the_broker_limit_ends_in_the_error_queue_with_the_broker_reason(string which)
    {
        await using var own = await CompatBrokers.StartOwnAsync(which);
        await own.ImportDefinitionsAsync();
        var broker = await own.AsFixtureAsync();
        await using var scenario = await WorkerScenario.StartAsync(broker, "dlimit");
        var queue = EntityNames.WorkerQueue(scenario.HostName);
        var errorQueue = EntityNames.ErrorQueue(scenario.HostName);
        // The worker declares its error queue at start, before any failure, and binds it to the policy's dead-letter exchange.
        await WaitUntilBoundAsync(own, EntityNames.WorkerDeadLetterExchange, errorQueue, scenario.HostName);
        await scenario.Worker.StopAsync(); // the queue and the binding stay

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

        var copies = await ErrorCopies.TakeAsync(broker, errorQueue, 1, TimeSpan.FromSeconds(30));
        var copy = Assert.Single(copies);
        Assert.Contains(volume, copy.Body, StringComparison.Ordinal);
        Assert.Equal("delivery_limit", copy.Header("x-first-death-reason"));
        Assert.Equal(queue, copy.Header("x-first-death-queue"));
        Assert.Equal(Limit + 1, deliveries);
        Assert.Equal(0u, await ErrorCopies.CountAsync(broker, queue));
    }

    /// <summary>
    /// A host's queue as an earlier worker declared it (quorum, no argument but its type, bound to
    /// <c>brick.volume-extended</c>) is taken as it is by this worker, which serves it, and is the one the policy
    /// protects; its error queue is not (a policy there would dead-letter what waits for an operator).
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

        await WaitUntilBoundAsync(own, EntityNames.WorkerDeadLetterExchange, errorQueue, host);
        var policies = (await own.RabbitmqctlAsync("list_queues", "-q", "--no-table-headers", "name", "policy"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .ToDictionary(f => f[0], f => f.Length > 1 ? f[1] : "");
        Assert.Equal("brick-worker-queues", policies[queue]);
        Assert.Equal("", policies[errorQueue]);
    }

    /// <summary>Waits until <paramref name="exchange"/> → <paramref name="queue"/> with key <paramref name="key"/> is bound.</summary>
    private static async Task WaitUntilBoundAsync(OwnBroker broker, string exchange, string queue, string key)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var wanted = $"{exchange}\t{queue}\t{key}";
        while (true)
        {
            var bindings = await broker.RabbitmqctlAsync("list_bindings", "-q", "--no-table-headers", "source_name", "destination_name", "routing_key");
            if (bindings.Split('\n', StringSplitOptions.TrimEntries).Contains(wanted, StringComparer.Ordinal))
                return;
            Assert.True(DateTime.UtcNow < deadline, $"{exchange} → {queue} (key {key}) was not bound within 30 s of the worker's start:\n{bindings}");
            await Task.Delay(300, TestContext.Current.CancellationToken);
        }
    }
}
