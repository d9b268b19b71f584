using Brick.Service.Settings;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;

namespace Brick.Service.Messaging;

/// <summary>
/// Everything one host's services put on the broker, declared as they declare it, in one place: for <c>run</c> and
/// for <c>blockresize</c>, the endpoint's queue as MassTransit declares it (a durable fanout exchange of the queue's
/// name, bound to the durable queue of <see cref="EndpointSettings.QueueType"/>) and what
/// <see cref="TopologyDeclarer.EnsureAsync"/> declares at start for the endpoint's <see cref="HostTopology"/>
/// (<see cref="HostTopology.Worker"/> and <see cref="HostTopology.Blockresize"/>, as each consumer's endpoint builds it;
/// <c>HostDeclarationTests</c> holds that they declare the same). The fleet benchmark (<c>--only fleet</c>) declares thousands of hosts through it,
/// so that its figures follow the services' topology.
/// </summary>
internal static class HostDeclaration
{
    /// <summary>The topologies of the services of <paramref name="host"/>: <c>run</c>'s, then <c>blockresize</c>'s, with the queue types of <paramref name="settings"/>.</summary>
    public static IReadOnlyList<HostTopology> Of(HostSettings host, EndpointSettings settings) =>
        [HostTopology.Worker(host.Host), HostTopology.Blockresize(host.Host)];

    /// <summary>
    /// Declares the entities of <paramref name="host"/> (<see cref="HostSettings.Host"/>, with the queue
    /// types of those settings) for <c>run</c> and for <c>blockresize</c> on <paramref name="connection"/>, as the
    /// services would at start; idempotent. Returns what each declarer found.
    /// </summary>
    public static async Task<IReadOnlyList<TopologyState>> DeclareAsync(IConnection connection, HostSettings host, EndpointSettings settings, CancellationToken cancellationToken)
    {
        var broker = BrokerAddress.TryParse($"amqp://{connection.Endpoint.HostName}:{connection.Endpoint.Port}/", [], out _)!;
        var states = new List<TopologyState>();
        foreach (var topology in Of(host, settings))
        {
            await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
                await DeclareEndpointQueueAsync(channel, topology.OwnExchange, settings.QueueType, cancellationToken);
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
