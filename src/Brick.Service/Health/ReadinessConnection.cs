using Brick.Service.Messaging;
using Brick.Service.Settings;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Brick.Service.Health;

/// <summary>
/// The one connection the readiness checks talk to the broker on, opened when first needed and again after it
/// closed: a probe every few seconds on thousands of hosts must not open a connection each time.
/// </summary>
internal sealed class ReadinessConnection(BrokerAddress broker, ILogger<ReadinessConnection> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    /// <summary>An open connection (opened now if none is).</summary>
    public async Task<IConnection> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true } open)
                return open;
            if (_connection is not null)
                await _connection.DisposeAsync();
            _connection = null;
            _connection = await BrokerConnections.OpenOnceAsync(broker, "brick-worker readiness", TimeSpan.FromSeconds(5), cancellationToken, logger);
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
        _gate.Dispose();
    }
}
