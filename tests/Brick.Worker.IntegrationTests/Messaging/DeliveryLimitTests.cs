using Brick.Contracts;
using RabbitMQ.Client;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Messaging;

/// <summary>
/// A request redelivered past the broker's own limit, which the worker never counts (here: a consumer whose channel
/// closes every time it holds the message, as a crash-looping consumer's or a flapping connection's does), ends in the
/// host's error queue with the broker's reason, on RabbitMQ 4 (which would drop it after 20 deliveries) and on 3.10
/// (which would redeliver it without end). Without the worker queue's <c>x-delivery-limit</c> and dead-lettering the
/// message is in neither queue on 4.0, and never leaves the work queue on 3.10: either way this fails.
/// </summary>
public sealed class DeliveryLimitTests(BrokerFixture shared)
{
    /// <summary>The limit the worker sets (RabbitMQ 4's default, explicit): the 21st return dead-letters.</summary>
    private const int Limit = 20;

    [Theory]
    [InlineData(CompatBrokers.Current)]
    [InlineData(CompatBrokers.RabbitMq3)]
    public async Task A_request_redelivered_past_the_broker_limit_ends_in_the_error_queue_with_the_broker_reason(string which)
    {
        await using var compat = await CompatBrokers.StartAsync(which, shared);
        var broker = compat.Broker;
        await using var scenario = await WorkerScenario.StartAsync(broker, "dlimit");
        var queue = EntityNames.WorkerQueue(scenario.HostName);
        var errorQueue = EntityNames.ErrorQueue(scenario.HostName);
        // The worker declares its error queue at start, before any failure: the dead-lettering has a target.
        await WaitUntilDeclaredAsync(broker, errorQueue);
        await scenario.Worker.StopAsync(); // the queue stays, with the arguments the worker declared

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

    private static async Task WaitUntilDeclaredAsync(BrokerFixture broker, string queue)
    {
        var ct = TestContext.Current.CancellationToken;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await using var connection = await broker.ConnectAsync();
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            try
            {
                await channel.QueueDeclarePassiveAsync(queue, ct);
                return;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{queue} was not declared within 30 s of the worker's start");
            }

            await Task.Delay(200, ct);
        }
    }
}
