using Brick.Service.Settings;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Brick.Service.Messaging;

/// <summary>
/// The worker's part in keeping the broker from dropping a message it has delivered too often (a quorum queue of
/// RabbitMQ 4 drops a message after 20 deliveries unless it is dead-lettered; one of 3.x redelivers it without end).
/// The limit and the dead-lettering are the broker's, set by POLICY (deploy/rabbitmq/definitions.json: one policy for
/// the worker queues, one for blockresize's, each dead-lettering at least once to a shared direct exchange): no queue
/// argument, so that no queue declared by an earlier version has to be declared anew. What the worker adds, at start:
/// its error queue (declared as MassTransit declares it on the first failure), bound to the shared dead-letter exchange
/// with its host as key, the routing key every message of its queue was published with. The worker's own poison count
/// (<c>MaxDeliveries</c>, at most 15) acts first whenever the worker itself fails on a message; the policy's limit
/// catches what the worker does not count (a channel that keeps closing, a crash loop its records could not see,
/// another consumer). docs/reliability.md says how they work together.
/// </summary>
internal static class DeliveryLimit
{
    /// <summary>The header the broker sets on a dead-lettered message to say why (<c>delivery_limit</c> here).</summary>
    public const string FirstDeathReasonHeader = "x-first-death-reason";

    /// <summary>
    /// Declares <paramref name="errorQueue"/> and its exchange as MassTransit does on the first failure (a durable fanout
    /// exchange of the queue's name, bound to the durable queue of <c>ErrorQueueType</c>, classic by default), so that a
    /// message the broker dead-letters before any failure has somewhere to go.
    /// </summary>
    public static async Task DeclareErrorQueueAsync(IChannel channel, string errorQueue, QueueKind kind, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(errorQueue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(errorQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = QueueTypeArgument(kind) }, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(errorQueue, errorQueue, "", cancellationToken: cancellationToken);
    }

    /// <summary>The <c>x-queue-type</c> argument of a queue of <paramref name="kind"/>, said explicitly: a broker whose virtual host has another default type would otherwise choose.</summary>
    public static string QueueTypeArgument(QueueKind kind) => kind == QueueKind.Quorum ? "quorum" : "classic";

    /// <summary>
    /// Binds <paramref name="errorQueue"/> to the shared dead-letter exchange <paramref name="deadLetterExchange"/> with
    /// <paramref name="host"/> as key, on a channel of its own (a refusal closes the channel). Where the broker refuses
    /// (403: this broker user may not read the exchange: a host's own user, whose binding the operator makes with
    /// deploy/rabbitmq/grant-host.sh, or the permissions of an earlier version; 404: the exchange is not there: the
    /// definitions with the policies were not imported), it says so and the worker runs on.
    /// </summary>
    /// <returns>Null where the binding was made; else the broker's refusal.</returns>
    public static async Task<string?> TryBindDeadLetterAsync(
        IConnection connection, string errorQueue, string deadLetterExchange, string host, CancellationToken cancellationToken)
    {
        try
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.QueueBindAsync(errorQueue, deadLetterExchange, host, cancellationToken: cancellationToken);
            return null;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode is 403 or 404)
        {
            return $"{e.ShutdownReason.ReplyCode} {e.ShutdownReason.ReplyText}";
        }
    }
}
