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
/// refuses it naming what it has. A host without an error queue gets none from this.
/// </summary>
internal static partial class ErrorQueueProbe
{
    /// <summary>
    /// Null where <paramref name="queue"/> is not there, is as this worker declares it, or may not be declared by this
    /// user (not checked); otherwise what differs, said for an operator.
    /// </summary>
    public static async Task<string?> OtherwiseAsync(IConnection connection, string queue, QueueKind kind, CancellationToken cancellationToken)
    {
        try
        {
            await using var passive = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await passive.QueueDeclarePassiveAsync(queue, cancellationToken);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }

        try
        {
            await using var same = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await same.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = DeliveryLimit.QueueTypeArgument(kind) }, cancellationToken: cancellationToken);
            return null;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason is { ReplyCode: 406 } reason)
        {
            return CurrentType().Match(reason.ReplyText) is { Success: true } current
                ? $"it is a {current.Groups[1].Value} queue and this worker's ErrorQueueType is {kind}: a failure cannot be moved there " +
                  $"(set --error-queue-type {Kind(current.Groups[1].Value) ?? "to its type"}, or empty and delete it: docs/wire-contract.md, migrating from quorum error queues)"
                : $"it is declared otherwise than this worker declares it ({DeliveryLimit.QueueTypeArgument(kind)}, durable): {reason.ReplyText}";
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 403)
        {
            return null;
        }
    }

    private static string? Kind(string type) => type switch
    {
        "quorum" => nameof(QueueKind.Quorum),
        "classic" => nameof(QueueKind.Classic),
        _ => null,
    };

    [GeneratedRegex("inequivalent arg 'x-queue-type'.*current is (?:the value )?'([^']+)'")]
    private static partial Regex CurrentType();
}
