using Brick.Service.Settings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Brick.Service.Messaging;

/// <summary>
/// Declares <see cref="ContractTopology"/> once at start, in the background, trying again with back-off while the
/// broker cannot be reached (the bus itself reconnects on its own), so that messages for hosts without a queue are
/// kept in <c>brick.unrouted</c> from the first moment.
/// </summary>
internal sealed partial class TopologyDeclarer(BrokerAddress broker, ILogger<TopologyDeclarer> logger) : BackgroundService
{
    /// <summary>Completes once the topology has been declared.</summary>
    public Task Declared => _declared.Task;

    private readonly TaskCompletionSource _declared = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await BrokerConnections.Factory(broker, "brick-worker topology")
                    .CreateConnectionAsync(BrokerConnections.Endpoints(broker, logger), stoppingToken);
                await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
                await ContractTopology.DeclareSharedAsync(channel, stoppingToken);
                LogDeclared(broker.Redacted);
                _declared.TrySetResult();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRetrying(broker.Redacted, e.GetBaseException().Message, delay.TotalSeconds);
            }

            await Task.Delay(delay, stoppingToken);
            delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Contract topology declared on {Broker}")]
    private partial void LogDeclared(string broker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot declare the contract topology on {Broker} yet: {Error}; trying again in {DelaySeconds} s")]
    private partial void LogRetrying(string broker, string error, double delaySeconds);
}
