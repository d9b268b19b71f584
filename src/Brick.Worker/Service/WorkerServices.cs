using Brick.Engine.Operations;
using Brick.Engine.Requests;
using Brick.Worker.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Brick.Worker.Service;

/// <summary>Registers the service: settings, engine, consumer, outcome publisher, MassTransit on RabbitMQ (or in memory) and its lifetime.</summary>
public static class WorkerServices
{
    /// <summary>Adds everything but the transport-specific bus; <paramref name="engine"/> replaces the production engine (simulated hosts, tests).</summary>
    public static IServiceCollection AddBrickWorkerCore(
        this IServiceCollection services, WorkerOptions options, Func<IServiceProvider, VolumeExtender>? engine = null)
    {
        Environment.SetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY", "false");
        services.AddSingleton<IOptions<WorkerOptions>>(Options.Create(options));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new RequestValidator(options.Host));
        if (engine is not null)
            services.AddSingleton<VolumeExtender>(engine);
        else if (options.Simulate)
            SimulatedArray.AddTo(services, options);
        else
            services.AddSingleton(sp => EngineFactory.Create(sp, options));
        services.AddSingleton<OutcomePublisher>();
        services.AddSingleton<FailureRecorder>();
        services.AddOptions<MassTransitHostOptions>().Configure(host =>
        {
            host.WaitUntilStarted = false;
            host.StopTimeout = options.ShutdownTimeout + TimeSpan.FromSeconds(5);
            host.ConsumerStopTimeout = options.ShutdownTimeout;
        });
        services.Configure<Microsoft.Extensions.Hosting.HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout + TimeSpan.FromSeconds(10));
        return services;
    }

    /// <summary>The service on RabbitMQ: the contract topology, the worker endpoint, and the engine.</summary>
    public static IServiceCollection AddBrickWorker(
        this IServiceCollection services, WorkerOptions options, Func<IServiceProvider, VolumeExtender>? engine = null)
    {
        services.AddBrickWorkerCore(options, engine);
        var broker = BrokerAddress.TryParse(options.Broker, options.BrokerNodes, out var error)
            ?? throw new SettingsException([$"{WorkerOptions.Section}:Broker {error}."]);
        services.AddSingleton<TopologyDeclarer>();
        services.AddHostedService(sp => sp.GetRequiredService<TopologyDeclarer>());
        services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.AddConsumer<VolumeExtendedConsumer>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                BrokerConnections.ConfigureHost(rabbit, broker, $"brick-worker {options.Host}");
                rabbit.ReceiveEndpoint(Contracts.EntityNames.WorkerQueue(options.Host),
                    endpoint => WorkerEndpoint.Configure(endpoint, context, options));
            });
        });
        return services;
    }
}
