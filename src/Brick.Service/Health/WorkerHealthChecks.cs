using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Brick.Service.Health;

/// <summary>Registers the readiness checks of a consumer, each tagged <see cref="HealthTags.Ready"/>, each with a one-line description.</summary>
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
    public static IServiceCollection AddWorkerHealthChecks(this IServiceCollection services) =>
        services.AddConsumerHealthChecks(ConsumerChecks.Binding | ConsumerChecks.Roots | ConsumerChecks.Multipathd);

    /// <summary>
    /// <c>bus</c>, and the checks of <paramref name="checks"/>: what each consumer's <c>/readyz</c> reports
    /// (<c>run</c> all four, <c>blockresize</c> <c>bus</c>, <c>binding</c> and <c>roots</c>, <c>cinder-bridge</c> <c>bus</c>).
    /// </summary>
    internal static IServiceCollection AddConsumerHealthChecks(this IServiceCollection services, ConsumerChecks checks)
    {
        services.TryAddSingleton<BusStartFailure>();
        var health = services.AddHealthChecks().AddCheck<BusConsumingCheck>("bus", HealthStatus.Unhealthy, [HealthTags.Ready], Timeout);
        if (checks.HasFlag(ConsumerChecks.Binding) || checks.HasFlag(ConsumerChecks.Multipathd))
            services.AddTransient<ReadinessCache>();
        if (checks.HasFlag(ConsumerChecks.Binding))
        {
            services.AddSingleton<ReadinessConnection>();
            services.AddSingleton<BindingCheck>();
            health.AddCheck<BindingCheck>("binding", HealthStatus.Unhealthy, [HealthTags.Ready], Timeout);
        }

        if (checks.HasFlag(ConsumerChecks.Roots))
            health.AddCheck<RootsReadableCheck>("roots", HealthStatus.Unhealthy, [HealthTags.Ready], Timeout);
        if (checks.HasFlag(ConsumerChecks.Multipathd))
        {
            services.AddSingleton<MultipathdCheck>();
            health.AddCheck<MultipathdCheck>("multipathd", HealthStatus.Unhealthy, [HealthTags.Ready], Timeout);
        }

        services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations.Where(r => r.Name == MassTransitCheck))
                registration.Tags.Remove(HealthTags.Ready);
        });
        return services;
    }
}
