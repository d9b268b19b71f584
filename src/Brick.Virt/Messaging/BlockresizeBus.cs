using Brick.Service.Messaging;
using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Brick.Virt.Messaging;

/// <summary>
/// MassTransit on RabbitMQ for blockresize: the broker of the settings, the contract topology, the host's binding and
/// its error queue's dead-letter binding declared at start (<see cref="TopologyDeclarer"/>), its one endpoint, usage telemetry off.
/// </summary>
internal static class BlockresizeBus
{
    /// <summary>Registers the bus, the consumer, the publisher and the error pipe.</summary>
    public static IServiceCollection AddBlockresizeBusOnRabbitMq(this IServiceCollection services)
    {
        Environment.SetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY", "false");
        services.AddBrokerAddress();
        // As run's: a body above MaxReceivedBytes is refused by the connection (not read into memory), and the guard
        // takes it off the queue unread so the endpoint does not fault on it for ever (InvalidOutcome, its size named).
        services.AddSingleton(sp => new OversizedBodyGuard(sp.GetRequiredService<BrokerAddress>(), sp.GetRequiredService<IOptions<WorkerSettings>>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<OversizedBodyGuard>>())
        {
            QueueOf = settings => Brick.Contracts.EntityNames.BlockresizeQueue(settings.Host),
        });
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<WorkerSettings>>().Value;
            return HostTopology.Blockresize(settings.Host, settings.QueueType);
        });
        services.AddSingleton<TopologyDeclarer>();
        services.AddHostedService(sp => sp.GetRequiredService<TopologyDeclarer>());
        services.AddSingleton<GuestOutcomePublisher>();
        services.AddSingleton<BlockresizeErrorFilter>();
        services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.AddConsumer<BlockresizeConsumer>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var settings = context.GetRequiredService<IOptions<WorkerSettings>>().Value;
                BrokerConnections.ConfigureHost(rabbit, context.GetRequiredService<BrokerAddress>(), $"brick-worker blockresize {settings.Host}",
                    heartbeat: settings.BrokerHeartbeat, maxBodyBytes: settings.MaxReceivedBytes);
                rabbit.ReceiveEndpoint(BlockresizeEndpoint.QueueName(context), endpoint => BlockresizeEndpoint.Configure(endpoint, context));
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
}
