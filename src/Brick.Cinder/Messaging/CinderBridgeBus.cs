using Brick.Cinder.Bridging;
using Brick.Cinder.Notifications;
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
        "Cinder notifications", s => s.NotificationsQueue, "brick-cinder-bridge",
        () => new InvalidNotificationException("The body is not an oslo notification."),
        [typeof(BridgeNotPublishedException)])
    {
        ConcurrentMessages = s => s.MaxConcurrency,
        Broker = context => NotificationsBroker.Address(Settings(context), out var error)
            ?? throw new OptionsValidationException(WorkerSettings.Section, typeof(WorkerSettings), [$"{error}."]),
        ConnectionName = s => $"brick-worker cinder-bridge {s.Host} notifications",
        OnRabbitMq = (rabbit, s) => rabbit.Bind(s.NotificationsExchange, binding =>
        {
            binding.ExchangeType = ExchangeType.Topic;
            binding.Durable = s.NotificationsExchangeDurable;
            binding.AutoDelete = false;
            binding.RoutingKey = s.NotificationsTopic;
        }),
    };

    /// <summary>Registers both buses, the consumer, the sender and the error pipe.</summary>
    public static IServiceCollection AddCinderBridgeBusOnRabbitMq(this IServiceCollection services)
    {
        services.AddSingleton<VolumeExtendedSender>();
        services.AddSingleton(sp => new BridgePlanner(Settings(sp).IncludeInstanceAttachments, sp.GetService<TimeProvider>()));
        services.AddConsumerBusOnRabbitMq<ResizeNotificationConsumer, BridgeFailureRecorder>(Endpoint);
        services.AddMassTransit<IBrickBus>(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var settings = Settings(context);
                BrokerConnections.ConfigureHost(rabbit, context.GetRequiredService<BrokerAddress>(), $"brick-worker cinder-bridge {settings.Host}",
                    context.GetService<ILoggerFactory>()?.CreateLogger(typeof(BrokerConnections).FullName!), settings.BrokerHeartbeat);
            });
        });
        return services;
    }

    private static WorkerSettings Settings(IServiceProvider services) => services.GetRequiredService<IOptions<WorkerSettings>>().Value;
}
