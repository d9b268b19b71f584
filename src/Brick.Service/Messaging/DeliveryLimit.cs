using Brick.Service.Settings;
using MassTransit;
using RabbitMQ.Client;

namespace Brick.Service.Messaging;

/// <summary>
/// What keeps the broker from dropping a message it has delivered too often: a quorum queue of RabbitMQ 4 drops a
/// message after 20 deliveries unless it is dead-lettered, and one of 3.x redelivers it without end. The consumer queue
/// therefore gets an explicit <c>x-delivery-limit</c> of <see cref="Deliveries"/> and dead-letters a message that reaches
/// it to its own error queue through MassTransit's error exchange of the same name (<c>&lt;queue&gt;_error</c>, fanout: the
/// one exchange a per-node broker user may already write to; the default exchange would need write permission on
/// <c>amq.default</c>), at least once
/// (<c>x-dead-letter-strategy: at-least-once</c>, which needs <c>x-overflow: reject-publish</c>): the broker keeps the
/// message until the error queue has confirmed it. The broker's reason travels with it (<c>x-first-death-reason:
/// delivery_limit</c>, <c>x-death</c>). The worker's own poison count (<c>MaxDeliveries</c>, at most 15) acts first
/// whenever the worker itself fails on a message; this limit catches what the worker does not count (a channel that
/// keeps closing, a crash loop its records could not see, another consumer). Classic queues have no delivery limit and
/// get none of these arguments.
/// </summary>
internal static class DeliveryLimit
{
    /// <summary>The broker's delivery limit set on every quorum consumer queue (RabbitMQ 4's default, made explicit and dead-lettered).</summary>
    public const int Deliveries = 20;

    /// <summary>The header the broker sets on a dead-lettered message to say why (<c>delivery_limit</c> here).</summary>
    public const string FirstDeathReasonHeader = "x-first-death-reason";

    /// <summary>The queue arguments this class adds; an error queue copies the endpoint's arguments, and gets none of these.</summary>
    public static IReadOnlyList<string> ArgumentNames { get; } =
        ["x-delivery-limit", "x-dead-letter-exchange", "x-dead-letter-routing-key", "x-dead-letter-strategy", "x-overflow"];

    /// <summary>The arguments of a quorum consumer queue whose error queue is <paramref name="errorQueue"/>.</summary>
    public static IReadOnlyDictionary<string, object> Arguments(string errorQueue) => new Dictionary<string, object>(StringComparer.Ordinal)
    {
        ["x-delivery-limit"] = Deliveries,
        ["x-dead-letter-exchange"] = errorQueue,
        ["x-dead-letter-strategy"] = "at-least-once",
        ["x-overflow"] = "reject-publish",
    };

    /// <summary>Gives the endpoint's quorum queue the limit and its dead-lettering to <paramref name="errorQueue"/>.</summary>
    public static void Apply(IRabbitMqReceiveEndpointConfigurator endpoint, QueueKind kind, string errorQueue)
    {
        if (kind != QueueKind.Quorum)
            return;
        foreach (var (key, value) in Arguments(errorQueue))
            endpoint.SetQueueArgument(key, value);
    }

    /// <summary>
    /// Keeps these arguments off the error (and dead-letter) queues MassTransit derives from an endpoint's settings: an
    /// error queue that dead-lettered to itself would be a loop, and its messages wait for an operator, not a consumer.
    /// </summary>
    public static void KeepOffErrorQueues(IRabbitMqBusFactoryConfigurator bus)
    {
        bus.SendTopology.ConfigureErrorSettings = Strip;
        bus.SendTopology.ConfigureDeadLetterSettings = Strip;
    }

    /// <summary>
    /// Declares <paramref name="errorQueue"/> and its exchange as MassTransit does on the first failure (a durable fanout
    /// exchange of the queue's name, bound to the durable queue of the endpoint's type, none of these arguments), so that
    /// a message the broker dead-letters before any failure has somewhere to go.
    /// </summary>
    public static async Task DeclareErrorQueueAsync(IChannel channel, string errorQueue, QueueKind kind, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(errorQueue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(errorQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: kind == QueueKind.Quorum ? new Dictionary<string, object?> { ["x-queue-type"] = "quorum" } : null,
            cancellationToken: cancellationToken);
        await channel.QueueBindAsync(errorQueue, errorQueue, "", cancellationToken: cancellationToken);
    }

    private static void Strip(IRabbitMqQueueConfigurator settings)
    {
        foreach (var key in ArgumentNames)
            settings.SetQueueArgument(key, null);
    }
}
