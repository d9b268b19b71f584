using Brick.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Brick.Service.Messaging;

/// <summary>
/// Declares the contract's entities that no MassTransit endpoint declares, with exactly the arguments the contract
/// documents, so that whoever declares first (a worker, blockresize, a publisher in another language, the operator's
/// definitions file) declares the same thing: <c>brick.volume-extended</c> (direct, durable,
/// <c>alternate-exchange: brick.unrouted</c>), <c>brick.unrouted</c> (fanout exchange and durable queue, bound), and the
/// four outcome topic exchanges. Idempotent.
/// </summary>
internal static class ContractTopology
{
    /// <summary>The type of <c>brick.volume-extended</c>.</summary>
    public const string VolumeExtendedExchangeType = ExchangeType.Direct;

    /// <summary>The arguments of <c>brick.volume-extended</c>.</summary>
    public static IReadOnlyDictionary<string, object> VolumeExtendedArguments { get; } =
        new Dictionary<string, object> { ["alternate-exchange"] = EntityNames.Unrouted };

    /// <summary>The shared exchanges, each with its type (the outcome exchanges are topic exchanges: one key per host).</summary>
    public static IReadOnlyList<(string Name, string Type)> SharedExchanges { get; } =
    [
        (EntityNames.Unrouted, ExchangeType.Fanout),
        (EntityNames.VolumeExtendedExchange, VolumeExtendedExchangeType),
        (EntityNames.HostVolumeResizedExchange, ExchangeType.Topic),
        (EntityNames.HostVolumeResizeFailedExchange, ExchangeType.Topic),
        (EntityNames.GuestDiskResizedExchange, ExchangeType.Topic),
        (EntityNames.GuestDiskResizeFailedExchange, ExchangeType.Topic),
    ];

    /// <summary>Declares the shared entities on <paramref name="channel"/> (which needs configure permission on each).</summary>
    public static async Task DeclareSharedAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(EntityNames.Unrouted, ExchangeType.Fanout, durable: true, autoDelete: false,
            cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(EntityNames.Unrouted, durable: true, exclusive: false, autoDelete: false,
            cancellationToken: cancellationToken);
        await channel.QueueBindAsync(EntityNames.Unrouted, EntityNames.Unrouted, "", cancellationToken: cancellationToken);
        foreach (var (name, type) in SharedExchanges.Where(x => x.Name != EntityNames.Unrouted))
        {
            await channel.ExchangeDeclareAsync(name, type, durable: true, autoDelete: false,
                arguments: name == EntityNames.VolumeExtendedExchange ? VolumeExtendedArguments.ToDictionary(a => a.Key, a => (object?)a.Value) : null,
                cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// Declares the shared entities where this broker user may (<see cref="DeclareSharedAsync"/>); where it may not
    /// (RabbitMQ refuses the first declaration with <c>ACCESS_REFUSED</c>: a host's own user has no configure permission
    /// on what every host shares), checks that each exists (a passive declaration, which needs no permission) and
    /// returns false. An entity that is missing then is an <see cref="InvalidOperationException"/> naming it and what
    /// creates it (the operator's <c>deploy/rabbitmq/definitions.json</c>).
    /// </summary>
    /// <returns>Whether this user declared them (true) or found them declared (false).</returns>
    public static async Task<bool> DeclareOrCheckSharedAsync(IConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await DeclareSharedAsync(channel, cancellationToken);
            return true;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 403)
        {
            // Not this user's to declare: the operator has, or nobody has.
        }

        foreach (var (name, _) in SharedExchanges)
        {
            try
            {
                await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                await channel.ExchangeDeclarePassiveAsync(name, cancellationToken);
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
            {
                throw new InvalidOperationException(
                    $"The exchange {name} does not exist, and this broker user may not declare it: import deploy/rabbitmq/definitions.json (deploy/rabbitmq/README.md)", e);
            }
        }

        return false;
    }
}
