using Brick.Contracts;

namespace Brick.Service.Messaging;

/// <summary>
/// What one host's service (<c>run</c> or <c>blockresize</c>) has on the broker besides its MassTransit endpoint: the
/// endpoint's own fanout exchange <paramref name="OwnExchange"/> (the one MassTransit declares for the endpoint's queue),
/// bound from the shared exchange <paramref name="Source"/> with the host as key. The worker makes that binding itself
/// where its broker user may (so that MassTransit never declares a shared exchange, which would need configure
/// permission on it); where it may not (a host's own user has no read on shared exchanges: it could bind another host's
/// key), the operator has (<c>deploy/rabbitmq/grant-host.sh</c>). Nothing else is declared for the host while it is
/// idle: its error queue <paramref name="ErrorQueue"/> is declared by MassTransit on the first failure the worker moves
/// there, and what the broker dead-letters from the host's queue goes to the fleet's queue behind
/// <paramref name="DeadLetterExchange"/> (<see cref="DeliveryLimit"/>).
/// </summary>
/// <param name="ConnectionName">The name the declaring connection shows on the broker.</param>
/// <param name="OwnExchange">The endpoint's exchange, named as its queue.</param>
/// <param name="Source">The shared exchange its messages come from.</param>
/// <param name="RoutingKey">The host's name.</param>
/// <param name="ErrorQueue">The endpoint's error queue (and its fanout exchange of the same name), once a failure has been moved there.</param>
/// <param name="DeadLetterExchange">
/// The shared exchange the policy dead-letters the endpoint's queue to. Earlier versions bound <paramref name="ErrorQueue"/>
/// to it with the host as key; <c>decommission</c> removes such a binding with the error queue.
/// </param>
internal sealed record HostTopology(
    string ConnectionName, string OwnExchange, string Source, string RoutingKey, string ErrorQueue, string DeadLetterExchange)
{
    /// <summary>
    /// <c>brick-worker run</c>: <c>brick.volume-extended</c> → <c>brick-worker.&lt;host&gt;</c>; errors in
    /// <c>brick-worker.&lt;host&gt;_error</c>, dead letters through <c>brick.worker-dead-letter</c>.
    /// </summary>
    public static HostTopology Worker(string host) =>
        new($"brick-worker topology {host}", EntityNames.WorkerQueue(host), EntityNames.VolumeExtendedExchange, host,
            EntityNames.ErrorQueue(host), EntityNames.WorkerDeadLetterExchange);

    /// <summary>
    /// <c>brick-worker blockresize</c>: <c>brick.host-volume-resized</c> → <c>brick-blockresize.&lt;host&gt;</c>; errors in
    /// <c>brick-blockresize.&lt;host&gt;_error</c>, dead letters through <c>brick.blockresize-dead-letter</c>.
    /// </summary>
    public static HostTopology Blockresize(string host) =>
        new($"brick-worker blockresize topology {host}", EntityNames.BlockresizeQueue(host), EntityNames.HostVolumeResizedExchange, host,
            EntityNames.BlockresizeErrorQueue(host), EntityNames.BlockresizeDeadLetterExchange);
}
