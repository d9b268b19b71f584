using Brick.Contracts;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Brick.Tools.Replay;

/// <summary>
/// The replay's connection: the worker's broker settings, but no automatic recovery. Delivery tags die with their
/// channel, so a replay whose connection breaks stops there: the broker gives back every message it had not
/// acknowledged, and running it again goes on from there.
/// </summary>
internal static class ReplayConnection
{
    /// <summary>
    /// Connects as <paramref name="name"/> (what the broker shows; an operator's other commands use the same kind of
    /// connection), or throws <see cref="ReplayFailedException"/> with one line saying why not.
    /// </summary>
    public static async Task<IConnection> OpenAsync(BrokerAddress broker, CancellationToken cancellationToken, string name = "brick-worker replay")
    {
        try
        {
            return await BrokerConnections.OpenOnceAsync(broker, name, TimeSpan.FromSeconds(10), cancellationToken);
        }
        catch (Exception e) when (e is BrokerUnreachableException or OperationInterruptedException or IOException or TimeoutException)
        {
            throw new ReplayFailedException(BrokerErrors.Describe(e, broker), e);
        }
    }

    /// <summary>Checks that <c>brick.volume-extended</c> exists (a replay never declares it), or throws a one-line error.</summary>
    public static async Task RequireExchangeAsync(IConnection connection, BrokerAddress broker, CancellationToken cancellationToken)
    {
        await using var check = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await check.ExchangeDeclarePassiveAsync(EntityNames.VolumeExtendedExchange, cancellationToken);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            throw new ReplayFailedException(
                $"The exchange {EntityNames.VolumeExtendedExchange} does not exist on {broker.Redacted}: start a worker, or declare the contract's topology, first.", e);
        }
    }
}
