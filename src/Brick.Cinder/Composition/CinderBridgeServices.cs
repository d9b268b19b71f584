using Brick.Cinder.Bridging;
using Brick.Cinder.Messaging;
using Brick.Cinder.Settings;
using Brick.Service.Health;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Brick.Cinder.Composition;

/// <summary>The composition of <c>brick-worker cinder-bridge</c>: the shared settings with the bridge's own check, its metrics, both buses, its readiness.</summary>
public static class CinderBridgeServices
{
    /// <summary>
    /// The bridge on RabbitMQ. <c>/readyz</c> reports <c>bus</c> (<c>run</c>'s check: connected to the notifications
    /// broker and consuming the queue) and MassTransit's own check of the publishing bus.
    /// </summary>
    public static IServiceCollection AddCinderBridgeService(this IServiceCollection services)
    {
        services.AddWorkerSettings().AddSettings<NotificationsSettings, NotificationsSettingsValidator>();
        services.AddWorkerMetrics();
        services.TryAddSingleton<BridgeMetrics>();
        return services.AddCinderBridgeBusOnRabbitMq().AddConsumerHealthChecks(ConsumerChecks.None);
    }
}
