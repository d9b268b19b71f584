using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Brick.Service.Health;

/// <summary>
/// The bus is connected and its receive endpoint consumes: MassTransit's own bus health
/// (<see cref="IBusControl.CheckHealth"/>), which is healthy only once the endpoint's queue is declared, bound and consumed.
/// A bus that could not start says why (<see cref="BusStartFailure"/>); every description is scrubbed of credentials.
/// </summary>
internal sealed class BusConsumingCheck(IBusControl bus, BusStartFailure failure) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (failure.Reason is { } reason)
            return Task.FromResult(HealthCheckResult.Unhealthy(Secrets.Scrub($"bus could not start, the worker stops: {reason}")));

        var health = bus.CheckHealth();
        var endpoints = health.Endpoints.Select(e => $"{Name(e.Key)}: {e.Value.Description}").ToList();
        var detail = Secrets.Scrub(endpoints.Count == 0 ? health.Description : string.Join("; ", endpoints));
        return Task.FromResult(health.Status switch
        {
            BusHealthStatus.Healthy => HealthCheckResult.Healthy($"bus connected, consuming ({detail})"),
            BusHealthStatus.Degraded => HealthCheckResult.Unhealthy($"bus degraded: {detail}"),
            _ => HealthCheckResult.Unhealthy($"bus not consuming: {detail}"),
        });
    }

    /// <summary>The queue of an endpoint address such as <c>rabbitmq://host/vhost/brick-worker.h?bind=false</c>.</summary>
    private static string Name(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri.Segments[^1] : address;
}
