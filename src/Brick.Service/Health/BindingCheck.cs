using Brick.Service.Messaging;
using Brick.Service.Settings;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Brick.Service.Health;

/// <summary>
/// The contract's topology is declared and this host's binding (<see cref="HostTopology"/>: <c>brick.volume-extended</c> →
/// <c>brick-worker.&lt;host&gt;</c> for <c>run</c>, <c>brick.host-volume-resized</c> → <c>brick-blockresize.&lt;host&gt;</c>
/// for <c>blockresize</c>, key = host) is there. AMQP cannot list bindings, so each probe asserts them again, idempotently, as
/// <see cref="TopologyDeclarer.EnsureAsync"/> does: the shared entities declared as <see cref="ContractTopology"/>
/// declares them (checked to exist where this user may not declare them) and the binding bound again (left to the
/// operator where this user may not bind it). A binding deleted
/// while the worker consumes (its queue then receives nothing, every request goes to <c>brick.unrouted</c>) is
/// restored by the next probe; a queue or exchange that is gone, or declared otherwise, makes the worker not ready.
/// What the broker said is served scrubbed (<see cref="Unhealthy"/>): <c>/readyz</c> answers anyone who reaches it, and
/// the broker's refusals name the user. Its broker part runs at most once per <c>Brick:ReadinessInterval</c>
/// (<see cref="ReadinessCache"/>); until the topology is first declared it says so at once.
/// </summary>
internal sealed partial class BindingCheck(
    TopologyDeclarer declarer, HostTopology topology, ReadinessConnection connection, BrokerAddress broker, ReadinessCache cache,
    ILogger<BindingCheck> logger)
    : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!declarer.Declared.IsCompleted)
            return HealthCheckResult.Unhealthy("contract topology not declared yet (the broker has not been reached since the start)");
        return await cache.GetAsync(AssertAsync, cancellationToken);
    }

    private async Task<HealthCheckResult> AssertAsync(CancellationToken cancellationToken)
    {
        var host = topology.RoutingKey;
        var queue = topology.OwnExchange;
        try
        {
            var open = await connection.GetAsync(cancellationToken);
            var state = await declarer.EnsureAsync(open, cancellationToken);
            await using (var channel = await open.CreateChannelAsync(cancellationToken: cancellationToken))
                await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            return HealthCheckResult.Healthy(
                $"{(state.DeclaredShared ? "topology declared" : "topology there (the operator's)")}; {topology.Source} → {queue} (key {host}) " +
                (state.Bound ? "bound" : "bound by the operator (this user may not bind it)"));
        }
        catch (Exception e) when (BrokerErrors.IsBrokerError(e))
        {
            var described = BrokerErrors.Describe(e, broker);
            LogNotReady(described);
            return HealthCheckResult.Unhealthy(Unhealthy(described, broker.UserName));
        }
    }

    /// <summary>
    /// <paramref name="text"/> with every credential masked (<see cref="Secrets.Scrub"/>) and the broker user's name
    /// wherever it stands quoted or before <c>@</c> (RabbitMQ's <c>refused for user 'name'</c>, MassTransit's <c>name@node</c>).
    /// </summary>
    internal static string Unhealthy(string text, string userName)
    {
        text = Secrets.Scrub(text);
        return string.IsNullOrEmpty(userName)
            ? text
            : text.Replace($"'{userName}'", $"'{Secrets.Mask}'", StringComparison.Ordinal)
                .Replace($"\"{userName}\"", $"\"{Secrets.Mask}\"", StringComparison.Ordinal)
                .Replace($"{userName}@", $"{Secrets.Mask}@", StringComparison.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness: the binding check failed: {Problem}")]
    private partial void LogNotReady(string problem);
}
