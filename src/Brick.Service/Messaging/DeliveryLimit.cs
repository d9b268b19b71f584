using Brick.Service.Settings;

namespace Brick.Service.Messaging;

/// <summary>
/// How the broker is kept from dropping a message it has delivered too often (a quorum queue of RabbitMQ 4 drops a
/// message after 20 deliveries unless it is dead-lettered; one of 3.x redelivers it without end). The limit and the
/// dead-lettering are the broker's, set by POLICY (deploy/rabbitmq/definitions.json: one policy for the worker queues,
/// one for blockresize's, each dead-lettering at least once to a shared direct exchange with a fixed routing key, which
/// routes every host's dead letters to one classic queue of the fleet's, <c>brick.worker-dead-letter</c> or
/// <c>brick.blockresize-dead-letter</c>): no queue argument, so that no queue declared by an earlier version has to be
/// declared anew, and nothing per host, so that an idle host costs the broker its work queues and no more. The
/// worker declares nothing for it. The worker's own poison count (<c>MaxDeliveries</c>, at most 15) acts first whenever
/// the worker itself fails on a message (it moves the message to its own error queue, with a reason); the policy's
/// limit catches what the worker does not count (a channel that keeps closing, a crash loop its records could not see,
/// another consumer). docs/reliability.md says how they work together.
/// </summary>
internal static class DeliveryLimit
{
    /// <summary>The header the broker sets on a dead-lettered message to say why (<c>delivery_limit</c> here).</summary>
    public const string FirstDeathReasonHeader = "x-first-death-reason";

    /// <summary>The header the broker sets on a dead-lettered message to name the queue it left (<c>brick-worker.&lt;host&gt;</c>).</summary>
    public const string FirstDeathQueueHeader = "x-first-death-queue";

    /// <summary>The <c>x-queue-type</c> argument of a queue of <paramref name="kind"/>, said explicitly: a broker whose virtual host has another default type would otherwise choose.</summary>
    public static string QueueTypeArgument(QueueKind kind) => kind == QueueKind.Quorum ? "quorum" : "classic";
}
