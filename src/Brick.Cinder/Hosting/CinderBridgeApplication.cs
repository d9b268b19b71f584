using Brick.Service.Http;
using Brick.Service.Logging;
using Brick.Service.Observability;
using Brick.Service.Settings;
using Microsoft.Extensions.Hosting;

namespace Brick.Cinder.Hosting;

/// <summary>
/// Builds the generic host of <c>brick-worker cinder-bridge</c> as <c>run</c>'s is built: the same settings' sources,
/// Serilog, its telemetry and, with <c>Brick:Http</c>, <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>, systemd.
/// </summary>
public static class CinderBridgeApplication
{
    /// <summary>Reads the settings with <paramref name="overrides"/> strongest (the command line's) and builds the bridge. Bad settings throw one <c>OptionsValidationException</c> naming each.</summary>
    public static IHost Build(IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddWorkerSettingsSources(overrides);
        builder.Services.AddWorkerLogging(builder.Configuration);
        builder.Services.AddWorkerHttp(); // before the bus: /healthz answers while the bus starts, and until it has stopped
        builder.Services.AddCinderBridgeService();
        builder.Services.AddWorkerTelemetry(builder.Configuration);
        builder.Services.AddSystemd();
        return builder.Build();
    }
}
