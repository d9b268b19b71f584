using Brick.Service.Settings;
using Microsoft.Extensions.Logging;
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
internal static partial class DeliveryLimit
{
    /// <summary>The header the broker sets on a dead-lettered message to say why (<c>delivery_limit</c> here).</summary>
    public const string FirstDeathReasonHeader = "x-first-death-reason";

    /// <summary>
    /// Declares <paramref name="errorQueue"/> and its exchange as MassTransit does on the first failure (a durable fanout
    /// exchange of the queue's name, bound to the durable queue of the endpoint's type), so that a message the broker
    /// dead-letters before any failure has somewhere to go.
    /// </summary>
    public static async Task DeclareErrorQueueAsync(IChannel channel, string errorQueue, QueueKind kind, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(errorQueue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(errorQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: kind == QueueKind.Quorum ? new Dictionary<string, object?> { ["x-queue-type"] = "quorum" } : null,
            cancellationToken: cancellationToken);
        await channel.QueueBindAsync(errorQueue, errorQueue, "", cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Binds <paramref name="errorQueue"/> to the shared dead-letter exchange <paramref name="deadLetterExchange"/> with
    /// <paramref name="host"/> as key. Where the broker refuses (the exchange is not there: the definitions with the
    /// policies were not imported; or the worker's user may not read it: the permissions of an earlier version), the
    /// worker runs on and says what is missing: its queue then has no dead-lettering of its own, as before. The refusal
    /// closes <paramref name="channel"/>: call this last.
    /// </summary>
    /// <returns>Whether the binding is there.</returns>
    public static async Task<bool> BindDeadLetterAsync(
        IChannel channel, string errorQueue, string deadLetterExchange, string host, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await channel.QueueBindAsync(errorQueue, deadLetterExchange, host, cancellationToken: cancellationToken);
            return true;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode is 403 or 404)
        {
            LogNotBound(logger, errorQueue, deadLetterExchange, host, e.ShutdownReason.ReplyText);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot bind {ErrorQueue} to the dead-letter exchange {Exchange} (key {Host}): {Refusal}. " +
        "A message the broker delivers past its delivery limit cannot reach this host's error queue: import deploy/rabbitmq/definitions.json (exchange and policies) and give this host's broker user read permission on " +
        "the exchange, then restart the worker")]
    private static partial void LogNotBound(ILogger logger, string errorQueue, string exchange, string host, string refusal);
}
