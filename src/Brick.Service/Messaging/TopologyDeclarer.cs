using Brick.Contracts;
using Brick.Service.Settings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Brick.Service.Messaging;

/// <summary>
/// Declares what no MassTransit endpoint declares up front, once at start, in the background, trying again with back-off
/// while the broker cannot be reached (the bus itself reconnects on its own): for <c>run</c>, <see cref="ContractTopology"/>
/// (so that messages for hosts without a queue are kept in <c>brick.unrouted</c> from the first moment) and the worker's
/// error queue, bound to the shared dead-letter exchange of the policy (<see cref="DeliveryLimit"/>).
/// </summary>
/// <param name="broker">The broker.</param>
/// <param name="logger">The log.</param>
/// <param name="declare">What to declare on one channel, given the log; idempotent.</param>
/// <param name="connectionName">The name the connection shows in the broker.</param>
/// <param name="what">What it declares, for the log (<c>Contract topology</c>).</param>
internal sealed partial class TopologyDeclarer(
    BrokerAddress broker, ILogger<TopologyDeclarer> logger, Func<IChannel, ILogger, CancellationToken, Task> declare, string connectionName, string what)
    : BackgroundService
{
    /// <summary>
    /// <c>run</c>'s: the contract's shared entities and the error queue of <paramref name="settings"/>' host, bound to
    /// <see cref="EntityNames.WorkerDeadLetterExchange"/>.
    /// </summary>
    public TopologyDeclarer(BrokerAddress broker, ILogger<TopologyDeclarer> logger, IOptions<WorkerSettings> settings)
        : this(broker, logger, async (channel, log, cancellationToken) =>
        {
            var host = settings.Value.Host;
            await ContractTopology.DeclareSharedAsync(channel, cancellationToken);
            await DeliveryLimit.DeclareErrorQueueAsync(channel, EntityNames.ErrorQueue(host), settings.Value.QueueType, cancellationToken);
            await DeliveryLimit.BindDeadLetterAsync(channel, EntityNames.ErrorQueue(host), EntityNames.WorkerDeadLetterExchange, host, log, cancellationToken);
        }, "brick-worker topology", "Contract topology")
    {
    }

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
                await using var connection = await BrokerConnections.Factory(broker, connectionName)
                    .CreateConnectionAsync(BrokerConnections.Endpoints(broker, logger), stoppingToken);
                await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
                await declare(channel, logger, stoppingToken);
                LogDeclared(what, broker.Redacted);
                _declared.TrySetResult();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRetrying(what.ToLowerInvariant(), broker.Redacted, e.GetBaseException().Message, delay.TotalSeconds);
            }

            await Task.Delay(delay, stoppingToken);
            delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{What} declared on {Broker}")]
    private partial void LogDeclared(string what, string broker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot declare the {What} on {Broker} yet: {Error}; trying again in {DelaySeconds} s")]
    private partial void LogRetrying(string what, string broker, string error, double delaySeconds);
}
