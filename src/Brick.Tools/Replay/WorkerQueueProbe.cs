using Brick.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Brick.Tools.Replay;

/// <summary>
/// Whether a host has a worker queue (<c>brick-worker.&lt;host&gt;</c>), asked once per host and run: replaying a message
/// to a host without one would only put it back into <c>brick.unrouted</c>. A passive declaration of a missing queue
/// closes its channel, so the probe has a channel of its own and opens another after a miss.
/// </summary>
public sealed class WorkerQueueProbe(IConnection connection) : IAsyncDisposable
{
    private readonly Dictionary<string, bool> _known = new(StringComparer.Ordinal);
    private IChannel? _channel;

    /// <summary>Whether <paramref name="host"/> has a worker queue now.</summary>
    public async Task<bool> ExistsAsync(string host, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(host, out var known))
            return known;
        _channel ??= await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        bool exists;
        try
        {
            await _channel.QueueDeclarePassiveAsync(EntityNames.WorkerQueue(host), cancellationToken);
            exists = true;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            exists = false;
            await _channel.DisposeAsync();
            _channel = null;
        }

        _known[host] = exists;
        return exists;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
            await _channel.DisposeAsync();
    }
}
