using Brick.Contracts;

namespace Brick.Service.Messaging;

/// <summary>
/// What one host's service (<c>run</c> or <c>blockresize</c>) has on the broker besides its MassTransit endpoint: the
/// endpoint's own fanout exchange <paramref name="OwnExchange"/> (the one MassTransit declares for the endpoint's queue),
/// bound from the shared exchange <paramref name="Source"/> with the host as key. The worker binds it itself (so that
/// MassTransit never declares the shared exchange, which would need configure permission on it); where its broker
/// user may not, the operator has (<c>deploy/rabbitmq/grant-host.sh</c>).
/// </summary>
/// <param name="ConnectionName">The name the declaring connection shows on the broker.</param>
/// <param name="OwnExchange">The endpoint's exchange, named as its queue.</param>
/// <param name="Source">The shared exchange its messages come from.</param>
/// <param name="RoutingKey">The host's name.</param>
internal sealed record HostTopology(string ConnectionName, string OwnExchange, string Source, string RoutingKey)
{
    /// <summary><c>brick-worker run</c>: <c>brick.volume-extended</c> → <c>brick-worker.&lt;host&gt;</c>.</summary>
    public static HostTopology Worker(string host) =>
        new($"brick-worker topology {host}", EntityNames.WorkerQueue(host), EntityNames.VolumeExtendedExchange, host);

    /// <summary><c>brick-worker blockresize</c>: <c>brick.host-volume-resized</c> → <c>brick-blockresize.&lt;host&gt;</c>.</summary>
    public static HostTopology Blockresize(string host) =>
        new($"brick-worker blockresize topology {host}", EntityNames.BlockresizeQueue(host), EntityNames.HostVolumeResizedExchange, host);
}
