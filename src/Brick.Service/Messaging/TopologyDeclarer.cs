using Brick.Service.Settings;
using MassTransit.Transports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Brick.Service.Messaging;

/// <summary>
/// Declares <see cref="ContractTopology"/> (or, where this broker user may not, checks that it is there) and the host's
/// own exchange and binding (<see cref="HostTopology"/>) once at start, in the background, trying again with
/// back-off while the broker cannot be reached or an entity is missing (the bus itself reconnects on its own). The
/// endpoint waits for it (<see cref="IReceiveEndpointDependency"/>): it consumes only once its binding is there.
/// Without a <see cref="HostTopology"/> (<c>cinder-bridge</c>, which publishes requests and has no host queue) only the
/// shared entities. Given the endpoint's settings, it also warns where the host's error queue is there already with
/// another type than the worker's <see cref="EndpointSettings.ErrorQueueType"/> (<see cref="ErrorQueueProbe"/>).
/// </summary>
internal sealed partial class TopologyDeclarer(
    BrokerAddress broker, ILogger<TopologyDeclarer> logger, HostTopology? host = null, IOptions<EndpointSettings>? endpoint = null)
    : BackgroundService, IReceiveEndpointDependency
{
    private const string SharedOnlyConnectionName = "brick-worker topology";

    /// <summary>Completes once the topology has been declared.</summary>
    public Task Declared => _declared.Task;

    /// <inheritdoc />
    Task IReceiveEndpointDependency.Ready => _declared.Task;

    private readonly TaskCompletionSource _declared = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Declares (or checks) the shared entities, the host's own exchange and its binding on <paramref name="connection"/>;
    /// idempotent. Says whether this user declared the shared entities and made the binding, or found them the operator's.
    /// </summary>
    public async Task<TopologyState> EnsureAsync(IConnection connection, CancellationToken cancellationToken)
    {
        var declaredShared = await ContractTopology.DeclareOrCheckSharedAsync(connection, cancellationToken);
        if (host is not { } topology)
            return new TopologyState(declaredShared, Bound: true);
        await using (var own = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
            await own.ExchangeDeclareAsync(topology.OwnExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);

        try
        {
            await using var bind = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await bind.ExchangeBindAsync(topology.OwnExchange, topology.Source, topology.RoutingKey, cancellationToken: cancellationToken);
            return new TopologyState(declaredShared, Bound: true);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 403)
        {
            // A host's own user may not read the shared exchange (it would bind other hosts' keys): the operator bound it.
            return new TopologyState(declaredShared, Bound: false);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await BrokerConnections.Factory(broker, host?.ConnectionName ?? SharedOnlyConnectionName)
                    .CreateConnectionAsync(BrokerConnections.Endpoints(broker, logger), stoppingToken);
                var state = await EnsureAsync(connection, stoppingToken);
                if (!state.DeclaredShared)
                    LogSharedChecked(broker.Redacted);
                if (host is { } topology)
                    LogHostTopology(topology, state);
                LogDeclared(broker.Redacted);
                _declared.TrySetResult();
                // After the endpoint may consume: the probe only warns, so it holds nothing up (up to its patience).
                if (host is { } probed)
                    await CheckErrorQueueAsync(connection, probed, stoppingToken);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // RabbitMQ.Client reports a request the broker did not answer in time as a cancellation: retried like the rest.
                LogRetrying(broker.Redacted, e.GetBaseException().Message, delay.TotalSeconds);
            }

            await Task.Delay(delay, stoppingToken);
            delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
        }
    }

    private void LogHostTopology(HostTopology topology, TopologyState state)
    {
        if (!state.Bound)
            LogBindingLeftToOperator(topology.Source, topology.OwnExchange, topology.RoutingKey);
    }

    /// <summary>A warning, never a failure: the worker consumes all the same, and a broker that will not say is no reason to wait.</summary>
    private async Task CheckErrorQueueAsync(IConnection connection, HostTopology topology, CancellationToken cancellationToken)
    {
        if (endpoint is null)
            return;
        try
        {
            var found = await ErrorQueueProbe.FindAsync(connection, topology.ErrorQueue, endpoint.Value.ErrorQueueType, cancellationToken);
            if (found.Otherwise is { } otherwise)
                LogErrorQueueOtherwise(topology.ErrorQueue, otherwise);
            else if (found.NotChecked is { } why)
                LogErrorQueueNotChecked(topology.ErrorQueue, why);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogErrorQueueNotChecked(topology.ErrorQueue, e.GetBaseException().Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The error queue {Queue} is there already, but {Otherwise}")]
    private partial void LogErrorQueueOtherwise(string queue, string otherwise);

    [LoggerMessage(Level = LogLevel.Information, Message = "The error queue {Queue} was not checked: {Error}")]
    private partial void LogErrorQueueNotChecked(string queue, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Contract topology declared on {Broker}")]
    private partial void LogDeclared(string broker);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "This broker user may not declare the contract's shared exchanges on {Broker}; each of them is there (the operator's definitions)")]
    private partial void LogSharedChecked(string broker);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "This broker user may not bind {Source} → {Exchange} (key {Key}): the operator binds it (deploy/rabbitmq/grant-host.sh)")]
    private partial void LogBindingLeftToOperator(string source, string exchange, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot declare the contract topology on {Broker} yet: {Error}; trying again in {DelaySeconds} s")]
    private partial void LogRetrying(string broker, string error, double delaySeconds);
}
