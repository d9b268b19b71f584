using Brick.Service.Settings;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;

namespace Brick.Service.Messaging;

/// <summary>
/// Everything one host's services put on the broker, declared as they declare it, in one place: for <c>run</c>
/// (<see cref="HostTopology.Worker"/>) and for <c>blockresize</c> (<see cref="HostTopology.Blockresize"/>), the
/// endpoint's queue as MassTransit declares it (a durable fanout exchange of the queue's name, bound to the durable queue
/// of the endpoint's type) and what <see cref="TopologyDeclarer.EnsureAsync"/> declares at start. The fleet benchmark
/// (<c>--only fleet</c>) declares thousands of hosts through it, so that its figures follow the services' topology.
/// </summary>
internal static class HostEntities
{
    /// <summary>The services of <paramref name="host"/> whose entities <see cref="DeclareAsync"/> declares.</summary>
    public static IReadOnlyList<HostTopology> Of(string host, QueueKind kind) =>
        [HostTopology.Worker(host, kind), HostTopology.Blockresize(host, kind)];

    /// <summary>
    /// Declares the entities of <paramref name="host"/> for <c>run</c> and for <c>blockresize</c> on
    /// <paramref name="connection"/>, as the services would at start; idempotent. Returns what each declarer found.
    /// </summary>
    public static async Task<IReadOnlyList<TopologyState>> DeclareAsync(IConnection connection, string host, QueueKind kind, CancellationToken cancellationToken)
    {
        var broker = BrokerAddress.TryParse($"amqp://{connection.Endpoint.HostName}:{connection.Endpoint.Port}/", [], out _)!;
        var states = new List<TopologyState>();
        foreach (var topology in Of(host, kind))
        {
            await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
                await DeclareEndpointQueueAsync(channel, topology.OwnExchange, kind, cancellationToken);
            states.Add(await new TopologyDeclarer(broker, NullLogger<TopologyDeclarer>.Instance, topology).EnsureAsync(connection, cancellationToken));
        }

        return states;
    }

    /// <summary>The endpoint's queue <paramref name="queue"/> as MassTransit's receive endpoint declares it (<see cref="ConsumerEndpoints"/>: <c>SetQuorumQueue</c> for <see cref="QueueKind.Quorum"/>).</summary>
    private static async Task DeclareEndpointQueueAsync(IChannel channel, string queue, QueueKind kind, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: kind == QueueKind.Quorum ? new Dictionary<string, object?> { ["x-queue-type"] = "quorum" } : null,
            cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue, queue, "", cancellationToken: cancellationToken);
    }
}
