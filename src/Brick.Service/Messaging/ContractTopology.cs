using Brick.Contracts;
using RabbitMQ.Client;

namespace Brick.Service.Messaging;

/// <summary>
/// Declares the contract's entities that no MassTransit endpoint declares, with exactly the arguments the contract
/// documents, so that whoever declares first (this worker, a publisher in another language) declares the same thing:
/// <c>brick.volume-extended</c> (direct, durable, <c>alternate-exchange: brick.unrouted</c>), <c>brick.unrouted</c>
/// (fanout exchange and durable queue, bound), and the two outcome topic exchanges. Idempotent.
/// </summary>
internal static class ContractTopology
{
    /// <summary>The type of <c>brick.volume-extended</c>.</summary>
    public const string VolumeExtendedExchangeType = ExchangeType.Direct;

    /// <summary>The arguments of <c>brick.volume-extended</c>.</summary>
    public static IReadOnlyDictionary<string, object> VolumeExtendedArguments { get; } =
        new Dictionary<string, object> { ["alternate-exchange"] = EntityNames.Unrouted };

    /// <summary>Declares the shared entities on <paramref name="channel"/>.</summary>
    public static async Task DeclareSharedAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(EntityNames.Unrouted, ExchangeType.Fanout, durable: true, autoDelete: false,
            cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(EntityNames.Unrouted, durable: true, exclusive: false, autoDelete: false,
            cancellationToken: cancellationToken);
        await channel.QueueBindAsync(EntityNames.Unrouted, EntityNames.Unrouted, "", cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(EntityNames.VolumeExtendedExchange, VolumeExtendedExchangeType, durable: true, autoDelete: false,
            arguments: VolumeExtendedArguments.ToDictionary(a => a.Key, a => (object?)a.Value), cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(EntityNames.HostVolumeResizedExchange, ExchangeType.Topic, durable: true, autoDelete: false,
            cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(EntityNames.HostVolumeResizeFailedExchange, ExchangeType.Topic, durable: true, autoDelete: false,
            cancellationToken: cancellationToken);
    }
}
