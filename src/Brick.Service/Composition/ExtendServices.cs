using Brick.Service.Health;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Brick.Service.Composition;

/// <summary>The production composition of the service: settings, the engine on the real host, the bus, and a graceful stop.</summary>
public static class ExtendServices
{
    /// <summary>
    /// The service on RabbitMQ (<c>brick-worker run</c>), with its readiness checks (it stops by itself when its bus
    /// cannot start, as every consumer: <see cref="ConsumerApplication"/>).
    /// </summary>
    public static IServiceCollection AddExtendService(this IServiceCollection services)
    {
        services.AddWorkerSettings();
        return services.AddExtendServiceCore().AddExtendBusOnRabbitMq().AddWorkerHealthChecks();
    }

    /// <summary>
    /// Everything but the transport: settings, the engine, the lock directory's mode enforced at start
    /// (<see cref="LockDirectoryMode"/>, before the bus starts), and the host's shutdown timeout, longer than the time
    /// work in flight is given (<c>ShutdownTimeout</c>) so that the bus stops first.
    /// </summary>
    public static IServiceCollection AddExtendServiceCore(this IServiceCollection services)
    {
        services.AddExtendEngine();
        services.AddHostedService<LockDirectoryMode>();
        services.AddOptions<HostOptions>().Configure<IOptions<EndpointSettings>>((lifetime, settings) =>
            lifetime.ShutdownTimeout = settings.Value.ShutdownTimeout + TimeSpan.FromSeconds(10));
        return services;
    }
}
