using Brick.Cinder.Bridging;
using Brick.Cinder.Notifications;
using Brick.Cinder.Settings;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Brick.Cinder.Messaging;

/// <summary>
/// MassTransit on RabbitMQ for the bridge: its consumer on the shared skeleton (<see cref="ConsumerBus"/>), the default
/// bus, consumes Cinder's notifications on their broker from the bridge's own durable queue
/// (<c>Brick:NotificationsQueue</c>), bound to Cinder's topic exchange (<c>Brick:NotificationsExchange</c>, declared as
/// oslo.messaging declares it) with <c>Brick:NotificationsTopic</c>; a second bus, <see cref="IBrickBus"/>, publishes
/// <c>VolumeExtended</c> on <c>Brick:Broker</c>, whose contract topology (<c>brick.volume-extended</c> with its
/// alternate exchange, <c>brick.unrouted</c>) is declared at start as <c>run</c> declares it. Usage telemetry off.
/// </summary>
internal static class CinderBridgeBus
{
    /// <summary>The bridge's endpoint: sends the broker did not confirm are retried; at most <c>MaxConcurrency</c> notifications at once.</summary>
    public static readonly ConsumerEndpoint<ResizeNotificationConsumer> Endpoint = new(
        "Cinder notifications", s => s.Settings<NotificationsSettings>().NotificationsQueue, "brick-cinder-bridge",
        () => new InvalidNotificationException("The body is not an oslo notification."),
        [typeof(BridgeNotPublishedException)])
    {
        ConcurrentMessages = s => s.Settings<EndpointSettings>().MaxConcurrency,
        Broker = context => NotificationsBroker.Address(context.Settings<NotificationsSettings>(), context.Settings<BrokerSettings>(), out var error)
            ?? throw new OptionsValidationException(SettingsSection.Name, typeof(NotificationsSettings), [$"{error}."]),
        ConnectionName = s => $"brick-worker cinder-bridge {s.Settings<HostSettings>().Host} notifications",
        OnRabbitMq = (rabbit, s) =>
        {
            var notifications = s.Settings<NotificationsSettings>();
            rabbit.Bind(notifications.NotificationsExchange, binding =>
            {
                binding.ExchangeType = ExchangeType.Topic;
                binding.Durable = notifications.NotificationsExchangeDurable;
                binding.AutoDelete = false;
                binding.RoutingKey = notifications.NotificationsTopic;
            });
        },
    };

    /// <summary>Registers both buses, the consumer, the sender and the error pipe.</summary>
    public static IServiceCollection AddCinderBridgeBusOnRabbitMq(this IServiceCollection services)
    {
        services.AddSingleton<VolumeExtendedSender>();
        services.AddSingleton(sp => new BridgePlanner(sp.Settings<NotificationsSettings>().IncludeInstanceAttachments, sp.GetService<TimeProvider>()));
        services.AddConsumerBusOnRabbitMq<ResizeNotificationConsumer, BridgeFailureRecorder>(Endpoint);
        services.AddMassTransit<IBrickBus>(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                BrokerConnections.ConfigureHost(rabbit, context.GetRequiredService<BrokerAddress>(), $"brick-worker cinder-bridge {context.Settings<HostSettings>().Host}",
                    context.GetService<ILoggerFactory>()?.CreateLogger(typeof(BrokerConnections).FullName!), context.Settings<BrokerSettings>().BrokerHeartbeat);
            });
        });
        return services;
    }
}
