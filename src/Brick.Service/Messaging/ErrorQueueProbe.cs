using System.Text.RegularExpressions;
using Brick.Service.Settings;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Brick.Service.Messaging;

/// <summary>
/// Whether a host's error queue that is already there is declared as MassTransit will declare it for this worker (its
/// <see cref="EndpointSettings.ErrorQueueType"/>, durable). RabbitMQ cannot change a queue's type, so an error queue an
/// earlier version made a quorum queue refuses the worker's classic declaration at the first failure it moves there
/// (<c>PRECONDITION_FAILED</c>): the message is then delivered again until the broker dead-letters it. Told by declaring
/// it again once a passive declaration found it: the broker accepts that only where nothing would change, and otherwise
/// refuses it naming what it has. A host without an error queue gets none from this (unless the queue is deleted between
/// the two declarations, when the second makes it as the worker's first failure would). The passive declaration of a
/// missing queue is a channel error the broker logs: one line per start of a host that never failed.
/// </summary>
internal static partial class ErrorQueueProbe
{
    /// <summary>How long the two declarations may take together before the queue counts as not checked.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>What the probe found: <see cref="Otherwise"/> (what differs, said for an operator) or <see cref="NotChecked"/> (why not), or neither.</summary>
    public sealed record Finding(string? Otherwise, string? NotChecked)
    {
        /// <summary>Not there, or as this worker declares it.</summary>
        public static readonly Finding Fine = new(null, null);
    }

    /// <summary>Looks at <paramref name="queue"/> against <paramref name="kind"/>; broker errors other than the expected refusals propagate.</summary>
    public static Task<Finding> FindAsync(IConnection connection, string queue, QueueKind kind, CancellationToken cancellationToken) =>
        WithPatienceAsync(ct => PassiveThenAgainAsync(connection, queue, kind, ct), cancellationToken);

    /// <summary>As <see cref="FindAsync"/>, for a caller that has just found <paramref name="queue"/> there itself (no second passive declaration).</summary>
    public static Task<Finding> FindExistingAsync(IConnection connection, string queue, QueueKind kind, CancellationToken cancellationToken) =>
        WithPatienceAsync(ct => DeclareAgainAsync(connection, queue, kind, ct), cancellationToken);

    private static async Task<Finding> WithPatienceAsync(Func<CancellationToken, Task<Finding>> probe, CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        try
        {
            return await probe(patience.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Finding(null, $"the broker did not answer within {Patience.TotalSeconds:0} s");
        }
    }

    private static async Task<Finding> PassiveThenAgainAsync(IConnection connection, string queue, QueueKind kind, CancellationToken cancellationToken)
    {
        try
        {
            await using var passive = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await passive.QueueDeclarePassiveAsync(queue, cancellationToken);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return Finding.Fine;
        }

        return await DeclareAgainAsync(connection, queue, kind, cancellationToken);
    }

    private static async Task<Finding> DeclareAgainAsync(IConnection connection, string queue, QueueKind kind, CancellationToken cancellationToken)
    {
        var type = DeliveryLimit.QueueTypeArgument(kind);
        try
        {
            await using var same = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await same.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = type }, cancellationToken: cancellationToken);
            return Finding.Fine;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason is { ReplyCode: 406 } reason)
        {
            if (CurrentType().Match(reason.ReplyText) is not { Success: true } current)
                return new Finding($"it is declared otherwise than this worker declares it ({type}, durable): {reason.ReplyText}", null);
            // The setting whose declaration would be this type, by the same mapping the worker declares with.
            var fits = Enum.GetValues<QueueKind>().Where(k => DeliveryLimit.QueueTypeArgument(k) == current.Groups[1].Value)
                .Select(k => $"set --error-queue-type {k}, or ").FirstOrDefault() ?? "";
            return new Finding($"it is a {current.Groups[1].Value} queue and this worker's ErrorQueueType is {kind}: a failure cannot be moved there " +
                $"({fits}empty and delete it: docs/wire-contract.md, migrating from quorum error queues)", null);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 403)
        {
            return new Finding(null, "this broker user may not configure it");
        }
    }

    [GeneratedRegex("inequivalent arg 'x-queue-type'.*current is (?:the value )?'([^']+)'")]
    private static partial Regex CurrentType();
}
