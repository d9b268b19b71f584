using Brick.Cinder.Bridging;
using Brick.Cinder.Messaging;
using Brick.Service.Health;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Brick.Cinder.Hosting;

/// <summary>The composition of <c>brick-worker cinder-bridge</c>: the shared settings with the bridge's own check, its metrics, both buses, its readiness.</summary>
public static class CinderBridgeServices
{
    /// <summary>The name MassTransit gives its own check of the default bus, which <c>bus</c> reports instead.</summary>
    private const string MassTransitCheck = "masstransit-bus";

    /// <summary>
    /// The bridge on RabbitMQ. <c>/readyz</c> reports <c>bus</c> (<c>run</c>'s check: connected to the notifications
    /// broker and consuming the queue) and MassTransit's own check of the publishing bus.
    /// </summary>
    public static IServiceCollection AddCinderBridgeService(this IServiceCollection services)
    {
        services.AddWorkerSettings();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkerSettings>, CinderBridgeSettingsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddWorkerMetrics();
        services.TryAddSingleton<BridgeMetrics>();
        services.TryAddSingleton<BusStartFailure>();
        services.AddCinderBridgeBusOnRabbitMq();
        services.AddHealthChecks().AddCheck<BusConsumingCheck>("bus", HealthStatus.Unhealthy, [HealthTags.Ready], TimeSpan.FromSeconds(10));
        services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations.Where(r => r.Name == MassTransitCheck))
                registration.Tags.Remove(HealthTags.Ready);
        });
        services.AddOptions<HostOptions>().Configure<IOptions<WorkerSettings>>((lifetime, settings) =>
            lifetime.ShutdownTimeout = settings.Value.ShutdownTimeout + TimeSpan.FromSeconds(10));
        return services;
    }
}
