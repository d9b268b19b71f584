using Brick.Service.Settings;
using MassTransit.Transports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Brick.Service.Messaging;

/// <summary>
/// Declares <see cref="ContractTopology"/> (or, where this broker user may not, checks that it is there), the host's
/// own binding and its error queue bound to the shared dead-letter exchange of the delivery-limit policy
/// (<see cref="HostTopology"/>, <see cref="DeliveryLimit"/>) once at start, in the background, trying again with
/// back-off while the broker cannot be reached or an entity is missing (the bus itself reconnects on its own). The
/// endpoint waits for it (<see cref="IReceiveEndpointDependency"/>): it consumes only once its binding is there.
/// Without a <see cref="HostTopology"/> (<c>cinder-bridge</c>, which publishes requests and has no host queue) only the
/// shared entities.
/// </summary>
internal sealed partial class TopologyDeclarer(BrokerAddress broker, ILogger<TopologyDeclarer> logger, HostTopology? host = null)
    : BackgroundService, IReceiveEndpointDependency
{
    private const string SharedOnlyConnectionName = "brick-worker topology";

    /// <summary>Completes once the topology has been declared.</summary>
    public Task Declared => _declared.Task;

    /// <inheritdoc />
    Task IReceiveEndpointDependency.Ready => _declared.Task;

    private readonly TaskCompletionSource _declared = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Declares (or checks) the shared entities, the host's own exchange and its binding, the host's error queue and its
    /// dead-letter binding on <paramref name="connection"/>; idempotent. Says whether this user declared the shared
    /// entities and made the bindings, or found them the operator's.
    /// </summary>
    public async Task<TopologyState> EnsureAsync(IConnection connection, CancellationToken cancellationToken)
    {
        var declaredShared = await ContractTopology.DeclareOrCheckSharedAsync(connection, cancellationToken);
        if (host is not { } topology)
            return new TopologyState(declaredShared, Bound: true, DeadLetterBound: true, DeadLetterRefusal: null);
        await using (var own = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
            await own.ExchangeDeclareAsync(topology.OwnExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);

        var bound = true;
        try
        {
            await using var bind = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await bind.ExchangeBindAsync(topology.OwnExchange, topology.Source, topology.RoutingKey, cancellationToken: cancellationToken);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 403)
        {
            // A host's own user may not read the shared exchange (it would bind other hosts' keys): the operator bound it.
            bound = false;
        }

        // The target of the queue's dead-lettering by policy exists before the first failure. Where the broker refuses it
        // (a user that may not write its error exchange, an error queue of another type), the endpoint consumes all the
        // same, as it did before the error queue was declared here: the refusal is logged, not waited on.
        try
        {
            await using var errors = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await DeliveryLimit.DeclareErrorQueueAsync(errors, topology.ErrorQueue, topology.ErrorQueueKind, cancellationToken);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode is 403 or 406)
        {
            var why = $"{e.ShutdownReason.ReplyCode} {e.ShutdownReason.ReplyText}";
            return new TopologyState(declaredShared, bound, DeadLetterBound: false, DeadLetterRefusal: why, ErrorQueueRefusal: why);
        }

        // A host's own user may not read the dead-letter exchange either (it would receive other hosts' dead letters): the
        // operator bound it (grant-host.sh); or the exchange is not there.
        var refusal = await DeliveryLimit.TryBindDeadLetterAsync(connection, topology.ErrorQueue, topology.DeadLetterExchange, topology.RoutingKey,
            cancellationToken);
        return new TopologyState(declaredShared, bound, refusal is null, refusal);
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

    private void LogHostTopology(HostTopology topology, TopologyState state)
    {
        if (!state.Bound)
            LogBindingLeftToOperator(topology.Source, topology.OwnExchange, topology.RoutingKey);
        if (state.ErrorQueueRefusal is not null)
            LogErrorQueueRefused(topology.ErrorQueue, state.ErrorQueueRefusal);
        else if (state.DeadLetterRefusal?.StartsWith("403", StringComparison.Ordinal) == true)
            LogDeadLetterLeftToOperator(topology.DeadLetterExchange, topology.ErrorQueue, topology.RoutingKey);
        else if (!state.DeadLetterBound)
            LogDeadLetterNotBound(topology.ErrorQueue, topology.DeadLetterExchange, topology.RoutingKey, state.DeadLetterRefusal ?? "");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Contract topology declared on {Broker}")]
    private partial void LogDeclared(string broker);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "This broker user may not declare the contract's shared exchanges on {Broker}; each of them is there (the operator's definitions)")]
    private partial void LogSharedChecked(string broker);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "This broker user may not bind {Source} → {Exchange} (key {Key}): the operator binds it (deploy/rabbitmq/grant-host.sh)")]
    private partial void LogBindingLeftToOperator(string source, string exchange, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot declare the error queue {ErrorQueue}: {Refusal}. The worker consumes all the same; " +
        "a message it gives up on, or the broker dead-letters, cannot reach that queue until the broker user may declare and write it " +
        "(deploy/rabbitmq/grant-host.sh) and it is of the type Brick:ErrorQueueType says (an earlier version's quorum error queue: set ErrorQueueType Quorum " +
        "until it is drained, docs/wire-contract.md)")]
    private partial void LogErrorQueueRefused(string errorQueue, string refusal);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "This broker user may not bind {Source} → {ErrorQueue} (key {Key}): the operator binds it (deploy/rabbitmq/grant-host.sh)")]
    private partial void LogDeadLetterLeftToOperator(string source, string errorQueue, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot bind {ErrorQueue} to the dead-letter exchange {Exchange} (key {Host}): {Refusal}. " +
        "A message the broker delivers past its delivery limit cannot reach this host's error queue: import deploy/rabbitmq/definitions.json " +
        "(exchange and policies) and run deploy/rabbitmq/grant-host.sh for this host, then restart the worker")]
    private partial void LogDeadLetterNotBound(string errorQueue, string exchange, string host, string refusal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot declare the contract topology on {Broker} yet: {Error}; trying again in {DelaySeconds} s")]
    private partial void LogRetrying(string broker, string error, double delaySeconds);
}
