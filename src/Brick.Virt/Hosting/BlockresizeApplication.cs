using Brick.Service.Logging;
using Brick.Service.Settings;
using Microsoft.Extensions.Hosting;

namespace Brick.Virt.Hosting;

/// <summary>Builds the generic host of <c>brick-worker blockresize</c>, as <c>run</c>'s is built: the same settings' sources, Serilog, systemd.</summary>
public static class BlockresizeApplication
{
    /// <summary>
    /// Reads the settings with <paramref name="overrides"/> strongest (the command line's) and builds the service;
    /// <paramref name="configure"/> adds to it (a stand-in hypervisor). Bad settings throw one
    /// <c>OptionsValidationException</c> naming each.
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
        configure?.Invoke(builder);
        builder.Services.AddBlockresizeService();
        builder.Services.AddSystemd();
        return builder.Build();
    }
}
