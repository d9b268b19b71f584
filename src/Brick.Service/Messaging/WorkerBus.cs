using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Brick.Service.Messaging;

/// <summary>
/// Registers MassTransit with the worker endpoint, its consumer, outcome publisher and error pipe, on RabbitMQ (the
/// service) or in memory (the demo). MassTransit's usage telemetry stays off.
/// </summary>
public static class WorkerBus
{
    /// <summary>
    /// The worker on RabbitMQ: the broker address parsed once from the settings, the contract topology and the host's
    /// binding declared at start (retried while the broker is away), and the endpoint <c>brick-worker.&lt;host&gt;</c>,
    /// which consumes once they are.
    /// </summary>
    internal static IServiceCollection AddWorkerBusOnRabbitMq(this IServiceCollection services)
    {
        services.AddBrokerAddress();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<WorkerSettings>>().Value;
            return HostTopology.Worker(settings.Host, settings.QueueType);
        });
        services.AddSingleton<TopologyDeclarer>();
        services.AddSingleton<OversizedBodyGuard>();
        services.AddHostedService(sp => sp.GetRequiredService<TopologyDeclarer>());
        return services.AddWorkerBus(bus => bus.UsingRabbitMq((context, rabbit) =>
        {
            var settings = context.GetRequiredService<IOptions<WorkerSettings>>().Value;
            BrokerConnections.ConfigureHost(rabbit, context.GetRequiredService<BrokerAddress>(), $"brick-worker {settings.Host}",
                context.GetService<ILoggerFactory>()?.CreateLogger(typeof(BrokerConnections).FullName!), settings.BrokerHeartbeat,
                settings.MaxReceivedBytes);
            rabbit.ReceiveEndpoint(WorkerEndpoint.QueueName(context), endpoint => WorkerEndpoint.Configure(endpoint, context));
        }));
    }

    /// <summary>
    /// The worker on MassTransit's in-memory transport; <paramref name="configure"/> adds endpoints of its own (the
    /// demo's control plane). A <c>VolumeExtended</c> sent to <c>exchange:brick.volume-extended</c> with the host as
    /// routing key reaches the worker.
    /// </summary>
    public static IServiceCollection AddWorkerBusInMemory(
        this IServiceCollection services, Action<IBusRegistrationContext, IInMemoryBusFactoryConfigurator>? configure = null) =>
        services.AddWorkerBus(bus => bus.UsingInMemory((context, memory) =>
        {
            memory.ReceiveEndpoint(WorkerEndpoint.QueueName(context), endpoint => WorkerEndpoint.Configure(endpoint, context));
            configure?.Invoke(context, memory);
        }));

    private static IServiceCollection AddWorkerBus(this IServiceCollection services, Action<IBusRegistrationConfigurator> transport)
    {
        Environment.SetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY", "false");
        services.AddWorkerMetrics();
        services.AddSingleton<OutcomePublisher>();
        services.AddSingleton<FailureRecorder>();
        services.AddSingleton<DeliveryCounter>();
        services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.AddConsumer<VolumeExtendedConsumer>();
            transport(bus);
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
