using Brick.Service.Composition;
using Brick.Service.Settings;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Brick.Worker.IntegrationTests.Composition;

/// <summary>The stall guard's question to a real broker: how many consumers its queue has, or null where it cannot be asked.</summary>
public sealed class BrokerQueueConsumersTests(BrokerFixture broker)
{
    private static BrokerAddress Address(Uri uri) =>
        BrokerAddress.TryParse(uri.AbsoluteUri, [], out var error) ?? throw new InvalidOperationException(error);

    [Fact]
    public async Task It_counts_the_consumers_the_broker_sees_on_the_queue()
    {
        broker.Require();
        var queue = $"stall-check-{Guid.NewGuid():N}";
        await using var connection = await broker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: true, cancellationToken: TestContext.Current.CancellationToken);
        var probe = new BrokerQueueConsumers(Address(broker.Uri), queue, NullLogger<BrokerQueueConsumers>.Instance);

        var before = await probe.CountAsync(TestContext.Current.CancellationToken);
        var tag = await channel.BasicConsumeAsync(queue, autoAck: false, new AsyncEventingBasicConsumer(channel), TestContext.Current.CancellationToken);
        var consuming = await probe.CountAsync(TestContext.Current.CancellationToken);
        await channel.BasicCancelAsync(tag, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0u, before);
        Assert.Equal(1u, consuming);
        await channel.QueueDeleteAsync(queue, cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_broker_that_cannot_be_reached_gives_no_count()
    {
        var probe = new BrokerQueueConsumers(Address(new Uri($"amqp://guest:guest@127.0.0.1:{RabbitContainers.FreePort()}/")), "brick-worker.nowhere",
            NullLogger<BrokerQueueConsumers>.Instance);

        Assert.Null(await probe.CountAsync(TestContext.Current.CancellationToken));
    }
}
