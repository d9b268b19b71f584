using Brick.Contracts;
using Brick.Service.Settings;

namespace Brick.Service.Messaging;

/// <summary>
/// What one host's service (<c>run</c> or <c>blockresize</c>) has on the broker besides its MassTransit endpoint: the
/// endpoint's own fanout exchange <paramref name="OwnExchange"/> (the one MassTransit declares for the endpoint's queue),
/// bound from the shared exchange <paramref name="Source"/> with the host as key; and the endpoint's error queue
/// <paramref name="ErrorQueue"/> (declared as MassTransit declares it, of type <paramref name="ErrorQueueKind"/>), bound
/// from the shared dead-letter exchange <paramref name="DeadLetterExchange"/> of the delivery-limit policy with the host
/// as key (<see cref="DeliveryLimit"/>). The worker makes both bindings itself where its broker user may (so that
/// MassTransit never declares a shared exchange, which would need configure permission on it); where it may not (a
/// host's own user has no read on shared exchanges: it could bind another host's key), the operator has
/// (<c>deploy/rabbitmq/grant-host.sh</c>).
/// </summary>
/// <param name="ConnectionName">The name the declaring connection shows on the broker.</param>
/// <param name="OwnExchange">The endpoint's exchange, named as its queue.</param>
/// <param name="Source">The shared exchange its messages come from.</param>
/// <param name="RoutingKey">The host's name.</param>
/// <param name="ErrorQueue">The endpoint's error queue (and its fanout exchange of the same name).</param>
/// <param name="ErrorQueueKind">The error queue's type, the endpoint's.</param>
/// <param name="DeadLetterExchange">The shared exchange the policy dead-letters the endpoint's queue to.</param>
internal sealed record HostTopology(
    string ConnectionName, string OwnExchange, string Source, string RoutingKey, string ErrorQueue, QueueKind ErrorQueueKind, string DeadLetterExchange)
{
    /// <summary>
    /// <c>brick-worker run</c>: <c>brick.volume-extended</c> → <c>brick-worker.&lt;host&gt;</c>,
    /// <c>brick.worker-dead-letter</c> → <c>brick-worker.&lt;host&gt;_error</c>.
    /// </summary>
    public static HostTopology Worker(string host, QueueKind kind) =>
        new($"brick-worker topology {host}", EntityNames.WorkerQueue(host), EntityNames.VolumeExtendedExchange, host,
            EntityNames.ErrorQueue(host), kind, EntityNames.WorkerDeadLetterExchange);

    /// <summary>
    /// <c>brick-worker blockresize</c>: <c>brick.host-volume-resized</c> → <c>brick-blockresize.&lt;host&gt;</c>,
    /// <c>brick.blockresize-dead-letter</c> → <c>brick-blockresize.&lt;host&gt;_error</c>.
    /// </summary>
    public static HostTopology Blockresize(string host, QueueKind kind) =>
        new($"brick-worker blockresize topology {host}", EntityNames.BlockresizeQueue(host), EntityNames.HostVolumeResizedExchange, host,
            EntityNames.BlockresizeErrorQueue(host), kind, EntityNames.BlockresizeDeadLetterExchange);
}
