using Brick.Contracts;
using Brick.Service.Messaging;
using Brick.Service.Replay;
using Brick.Service.Settings;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Brick.Service.Health;

/// <summary>
/// The contract's topology is declared and this host's binding (<c>brick.volume-extended</c> → <c>brick-worker.&lt;host&gt;</c>,
/// key = host) is there. AMQP cannot list bindings, so each probe asserts them again, idempotently: the shared
/// entities declared as <see cref="ContractTopology"/> declares them and the binding bound again. A binding deleted
/// while the worker consumes (its queue then receives nothing, every request goes to <c>brick.unrouted</c>) is
/// restored by the next probe; a queue or exchange that is gone, or declared otherwise, makes the worker not ready.
/// </summary>
internal sealed class BindingCheck(TopologyDeclarer declarer, ReadinessConnection connection, BrokerAddress broker, IOptions<WorkerSettings> settings)
    : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!declarer.Declared.IsCompleted)
            return HealthCheckResult.Unhealthy("contract topology not declared yet (the broker has not been reached since the start)");

        var host = settings.Value.Host;
        var queue = EntityNames.WorkerQueue(host);
        try
        {
            var open = await connection.GetAsync(cancellationToken);
            await using var channel = await open.CreateChannelAsync(cancellationToken: cancellationToken);
            await ContractTopology.DeclareSharedAsync(channel, cancellationToken);
            await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            await channel.QueueBindAsync(queue, EntityNames.VolumeExtendedExchange, host, cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy($"topology declared; {EntityNames.VolumeExtendedExchange} → {queue} (key {host}) bound");
        }
        catch (Exception e) when (ReplayConnection.IsBrokerError(e))
        {
            return HealthCheckResult.Unhealthy(BrokerErrors.Describe(e, broker));
        }
    }
}
