using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Brick.Service.Health;

/// <summary>Registers the worker's readiness checks, each tagged <see cref="HealthTags.Ready"/>, each with a one-line description.</summary>
public static class WorkerHealthChecks
{
    /// <summary>The name MassTransit gives its own bus check, which <see cref="BusConsumingCheck"/> reports instead.</summary>
    private const string MassTransitCheck = "masstransit-bus";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The readiness checks of the service on RabbitMQ: <c>bus</c> (connected, the endpoint consuming), <c>binding</c>
    /// (the topology declared and this host's binding asserted), <c>roots</c> (SysRoot and DevRoot readable) and
    /// <c>multipathd</c> (answering, where the host has multipath maps). MassTransit's own bus check keeps its other
    /// tags but not <see cref="HealthTags.Ready"/>, so that the bus is reported once. The two that cost a program run or
    /// broker declarations (<c>binding</c>, <c>multipathd</c>) run at most once per <c>Brick:ReadinessInterval</c>
    /// (<see cref="ReadinessCache"/>).
    /// </summary>
    public static IServiceCollection AddWorkerHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<ReadinessConnection>();
        services.AddSingleton<BindingCheck>();
        services.AddSingleton<MultipathdCheck>();
        services.AddTransient<ReadinessCache>();
        services.TryAddSingleton<BusStartFailure>();
        services.AddHealthChecks()
            .AddCheck<BusConsumingCheck>("bus", HealthStatus.Unhealthy, [HealthTags.Ready], Timeout)
            .AddCheck<BindingCheck>("binding", HealthStatus.Unhealthy, [HealthTags.Ready], Timeout)
            .AddCheck<RootsReadableCheck>("roots", HealthStatus.Unhealthy, [HealthTags.Ready], Timeout)
            .AddCheck<MultipathdCheck>("multipathd", HealthStatus.Unhealthy, [HealthTags.Ready], Timeout);
        services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations.Where(r => r.Name == MassTransitCheck))
                registration.Tags.Remove(HealthTags.Ready);
        });
        return services;
    }
}
