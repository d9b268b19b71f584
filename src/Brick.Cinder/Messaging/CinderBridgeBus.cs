using Brick.Cinder.Bridging;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Brick.Cinder.Messaging;

/// <summary>
/// MassTransit on RabbitMQ for the bridge: the default bus consumes Cinder's notifications on their broker; a second
/// bus, <see cref="IBrickBus"/>, publishes <c>VolumeExtended</c> on <c>Brick:Broker</c>, whose contract topology
/// (<c>brick.volume-extended</c> with its alternate exchange, <c>brick.unrouted</c>) is declared at start as <c>run</c>
/// declares it. Usage telemetry off.
/// </summary>
internal static class CinderBridgeBus
{
    /// <summary>Registers both buses, the consumer, the sender and the error pipe.</summary>
    public static IServiceCollection AddCinderBridgeBusOnRabbitMq(this IServiceCollection services)
    {
        Environment.SetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY", "false");
        services.AddBrokerAddress();
        services.AddSingleton<TopologyDeclarer>();
        services.AddHostedService(sp => sp.GetRequiredService<TopologyDeclarer>());
        services.AddSingleton<VolumeExtendedSender>();
        services.AddSingleton<CinderBridgeErrorFilter>();
        services.AddSingleton(sp => new BridgePlanner(Settings(sp).IncludeInstanceAttachments, sp.GetService<TimeProvider>()));
        services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.AddConsumer<ResizeNotificationConsumer>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var settings = Settings(context);
                var source = NotificationsBroker.Address(settings, out var error)
                    ?? throw new OptionsValidationException(WorkerSettings.Section, typeof(WorkerSettings), [$"{error}."]);
                BrokerConnections.ConfigureHost(rabbit, source, $"brick-worker cinder-bridge {settings.Host} notifications",
                    context.GetService<ILoggerFactory>()?.CreateLogger(typeof(BrokerConnections).FullName!), settings.BrokerHeartbeat, settings.MaxReceivedBytes);
                rabbit.ReceiveEndpoint(CinderBridgeEndpoint.QueueName(context), endpoint =>
                {
                    CinderBridgeEndpoint.Configure(endpoint, context);
                    endpoint.ConnectReceiveEndpointObserver(new BridgeConsumingLog(context.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BridgeConsumingLog))));
                });
            });
        });
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
        services.AddOptions<MassTransitHostOptions>().Configure<IOptions<WorkerSettings>>((bus, settings) =>
        {
            bus.WaitUntilStarted = false;
            bus.StopTimeout = settings.Value.ShutdownTimeout + TimeSpan.FromSeconds(5);
            bus.ConsumerStopTimeout = settings.Value.ShutdownTimeout;
        });
        return services;
    }

    private static WorkerSettings Settings(IServiceProvider services) => services.GetRequiredService<IOptions<WorkerSettings>>().Value;
}
