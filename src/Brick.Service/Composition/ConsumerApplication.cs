using Brick.Service.Health;
using Brick.Service.Http;
using Brick.Service.Logging;
using Brick.Service.Observability;
using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Brick.Service.Composition;

/// <summary>
/// Builds the generic host of every consumer (<c>run</c>, <c>blockresize</c>, <c>cinder-bridge</c>): its settings'
/// sources, Serilog, the consumer's own services, its telemetry (OpenTelemetry) and, when <c>Brick:Http</c> is set, its
/// HTTP endpoints <c>/metrics</c>, <c>/healthz</c>, <c>/readyz</c> (a Kestrel application of their own, started and
/// stopped by a hosted service of this host: without the setting nothing listens), systemd, and a stop with a reason
/// when its bus cannot start (<see cref="ConsumerExit"/>: the command exits 3).
/// </summary>
public static class ConsumerApplication
{
    /// <summary>
    /// Reads the settings from <see cref="SettingsSources"/> with <paramref name="overrides"/> strongest (the command
    /// line's, keys such as <c>Brick:Host</c>), and builds the host of <paramref name="service"/>;
    /// <paramref name="configure"/> adds to it last (a simulated host).
    /// </summary>
    public static IHost Build(
        IReadOnlyDictionary<string, string?> overrides, Action<IServiceCollection> service, Action<IHostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddWorkerSettingsSources(overrides);
        builder.Services.AddWorkerLogging(builder.Configuration);
        builder.Services.AddWorkerHttp(); // before the bus: /healthz answers while the bus starts, and until it has stopped
        // A bus that cannot start (a refused login) stops the host with a reason: the command exits 3 and the service
        // manager starts it again, instead of a live process that never consumes.
        builder.Services.AddSingleton<ConsumerExit>();
        builder.Services.TryAddSingleton<BusStartFailure>();
        builder.Services.AddBusObserver<BusStartWatcher>();
        service(builder.Services);
        // A broker connection that stalls (the bus sure it consumes, the broker seeing no consumer) stops the host too.
        builder.Services.AddHostedService(ConsumerStallGuard.For);
        builder.Services.AddWorkerTelemetry(builder.Configuration);
        builder.Services.AddSystemd(); // Type=notify: READY=1 once started, STOPPING=1 on stop; nothing outside systemd
        configure?.Invoke(builder);
        return builder.Build();
    }
}
