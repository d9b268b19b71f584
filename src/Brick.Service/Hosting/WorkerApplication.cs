using Brick.Service.Http;
using Brick.Service.Logging;
using Brick.Service.Observability;
using Brick.Service.Settings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Brick.Service.Hosting;

/// <summary>
/// Builds the generic host of <c>brick-worker run</c>: its settings' sources, Serilog, the service, its telemetry
/// (OpenTelemetry) and, when <c>Brick:Http</c> is set, its HTTP endpoints (a Kestrel application of their own, started
/// and stopped by a hosted service of this host: without the setting nothing listens).
/// </summary>
public static class WorkerApplication
{
    /// <summary>
    /// Reads the settings from <see cref="SettingsSources"/> with <paramref name="overrides"/> strongest (the command
    /// line's, keys such as <c>Brick:Host</c>), and builds the host of <see cref="WorkerServices.AddWorkerService"/>;
    /// <paramref name="configure"/> adds to it (a simulated host). Bad settings throw one
    /// <see cref="OptionsValidationException"/> naming each, here or when the host starts.
    /// </summary>
    public static IHost Build(IReadOnlyDictionary<string, string?> overrides, Action<IHostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddWorkerSettingsSources(overrides);
        builder.Services.AddWorkerLogging(builder.Configuration);
        builder.Services.AddWorkerHttp(); // before the bus: /healthz answers while the bus starts, and until it has stopped
        builder.Services.AddWorkerService();
        builder.Services.AddWorkerTelemetry(builder.Configuration);
        builder.Services.AddSystemd(); // Type=notify: READY=1 once started, STOPPING=1 on stop; nothing outside systemd
        configure?.Invoke(builder);
        return builder.Build();
    }
}
