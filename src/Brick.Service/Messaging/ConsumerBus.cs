using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Brick.Service.Messaging;

/// <summary>
/// Registers MassTransit with one consumer endpoint (<see cref="ConsumerEndpoint{TConsumer}"/>), on RabbitMQ (the
/// services) or in memory (the demo, the tests): its consumer, its error pipe's own part, the worker's metrics, a stop
/// that gives work in flight <c>ShutdownTimeout</c> (the host's own timeout 10 s longer, so that the bus stops first). MassTransit's usage telemetry stays off.
/// </summary>
internal static class ConsumerBus
{
    /// <summary>
    /// <paramref name="consumer"/> on RabbitMQ: the broker address parsed once from the settings, the contract topology
    /// and the host's binding declared at start (retried while the broker is away; <see cref="TopologyDeclarer"/>), the
    /// oversized-body guard on its queue, the delivery budget of its <see cref="ConsumerEndpoint{TConsumer}.TryBound"/>
    /// among the settings' checks, and the endpoint, which consumes once they are.
    /// </summary>
    public static IServiceCollection AddConsumerBusOnRabbitMq<TConsumer, TRecorder>(this IServiceCollection services, ConsumerEndpoint<TConsumer> consumer)
        where TConsumer : class, IConsumer
        where TRecorder : class, IFailureRecorder
    {
        services.AddBrokerAddress();
        if (consumer.Topology is { } topology)
        {
            services.AddSingleton<HostTopology>(topology);
            // A body above MaxReceivedBytes is refused by the connection (not read into memory), and the guard takes it
            // off the queue unread so the endpoint does not fault on it for ever.
            services.AddSingleton(sp => new OversizedBodyGuard(sp.GetRequiredService<BrokerAddress>(), sp.GetRequiredService<IOptions<EndpointSettings>>(), sp.GetRequiredService<IOptions<HostSettings>>(),
                sp.GetRequiredService<ILogger<OversizedBodyGuard>>()) { QueueOf = () => consumer.Queue(sp) });
        }

        if (consumer.TryBound is { } tryBound)
            services.AddDeliveryBudgetCheck(tryBound);
        services.AddSingleton<TopologyDeclarer>();
        services.AddHostedService(sp => sp.GetRequiredService<TopologyDeclarer>());
        return services.AddConsumerBus<TConsumer, TRecorder>(bus => bus.UsingRabbitMq((context, rabbit) =>
        {
            var settings = context.Settings<EndpointSettings>();
            if (consumer.TryBound is null && context.GetService<DeliveryCounter>() is not null)
            {
                throw new InvalidOperationException(
                    $"The endpoint of {consumer.Messages} keeps a delivery count but declares no TryBound: its settings' delivery budget would go unchecked.");
            }

            var broker = consumer.Broker?.Invoke(context) ?? context.GetRequiredService<BrokerAddress>();
            BrokerConnections.ConfigureHost(rabbit, broker, consumer.ConnectionName(context),
                context.GetService<ILoggerFactory>()?.CreateLogger(typeof(BrokerConnections).FullName!), context.Settings<BrokerSettings>().BrokerHeartbeat, settings.MaxReceivedBytes);
            // MassTransit declares the error queue (on the first failure it moves there) with the endpoint queue's
            // arguments (a quorum queue's type among them); its type is the error queue's own setting instead.
            rabbit.SendTopology.ConfigureErrorSettings = error => error.SetQueueArgument("x-queue-type", DeliveryLimit.QueueTypeArgument(settings.ErrorQueueType));
            rabbit.ReceiveEndpoint(consumer.Queue(context), endpoint => ConsumerEndpoints.Configure(endpoint, context, consumer));
        }));
    }

    /// <summary><paramref name="consumer"/> on MassTransit's in-memory transport; <paramref name="configure"/> adds endpoints of its own.</summary>
    public static IServiceCollection AddConsumerBusInMemory<TConsumer, TRecorder>(
        this IServiceCollection services, ConsumerEndpoint<TConsumer> consumer, Action<IBusRegistrationContext, IInMemoryBusFactoryConfigurator>? configure = null)
        where TConsumer : class, IConsumer
        where TRecorder : class, IFailureRecorder =>
        services.AddConsumerBus<TConsumer, TRecorder>(bus => bus.UsingInMemory((context, memory) =>
        {
            memory.ReceiveEndpoint(consumer.Queue(context), endpoint => ConsumerEndpoints.Configure(endpoint, context, consumer));
            configure?.Invoke(context, memory);
        }));

    private static IServiceCollection AddConsumerBus<TConsumer, TRecorder>(this IServiceCollection services, Action<IBusRegistrationConfigurator> transport)
        where TConsumer : class, IConsumer
        where TRecorder : class, IFailureRecorder
    {
        Environment.SetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY", "false");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConnectionSuspicion>();
        services.AddWorkerMetrics();
        services.TryAddSingleton<TRecorder>();
        services.TryAddSingleton<IFailureRecorder>(sp => sp.GetRequiredService<TRecorder>());
        services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.AddConsumer<TConsumer>();
            transport(bus);
        });
        services.AddOptions<HostOptions>().Configure<IOptions<EndpointSettings>>((lifetime, settings) =>
            lifetime.ShutdownTimeout = settings.Value.ShutdownTimeout + TimeSpan.FromSeconds(10));
        services.AddOptions<MassTransitHostOptions>().Configure<IOptions<EndpointSettings>>((bus, settings) =>
        {
            bus.WaitUntilStarted = false;
            bus.StopTimeout = settings.Value.ShutdownTimeout + TimeSpan.FromSeconds(5);
            bus.ConsumerStopTimeout = settings.Value.ShutdownTimeout;
        });
        return services;
    }
}
