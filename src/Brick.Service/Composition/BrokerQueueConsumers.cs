using Brick.Service.Messaging;
using Brick.Service.Settings;
using Microsoft.Extensions.Logging;

namespace Brick.Service.Composition;

/// <summary>
/// Asks the broker for the consumers of <paramref name="queue"/> (<c>queue.declare</c>, passive) on a connection of its
/// own, opened for the one question and closed: it runs only while a stall is suspected, never on an idle worker.
/// </summary>
internal sealed partial class BrokerQueueConsumers(BrokerAddress broker, string queue, ILogger<BrokerQueueConsumers> logger) : IQueueConsumers
{
    /// <inheritdoc />
    public string Queue => queue;

    /// <inheritdoc />
    public async Task<uint?> CountAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await BrokerConnections.OpenOnceAsync(broker, "brick-worker stall check", TimeSpan.FromSeconds(5), cancellationToken, logger);
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            return (await channel.QueueDeclarePassiveAsync(Queue, cancellationToken)).ConsumerCount;
        }
        catch (Exception e) when (BrokerErrors.IsBrokerError(e) && !cancellationToken.IsCancellationRequested)
        {
            LogUnasked(Queue, BrokerErrors.Describe(e, broker));
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The broker could not be asked for the consumers of {Queue}: {Error}")]
    private partial void LogUnasked(string queue, string error);
}
