using Brick.Service.Hosting;
using Microsoft.Extensions.Hosting;

namespace Brick.Virt.Hosting;

/// <summary>
/// The generic host of <c>brick-worker blockresize</c>, on the consumers' skeleton as <c>run</c>'s
/// (<see cref="ConsumerApplication"/>): the same settings' sources, Serilog, telemetry, <c>--http</c>'s
/// <c>/metrics</c>, <c>/healthz</c>, <c>/readyz</c>, systemd.
/// </summary>
public static class BlockresizeApplication
{
    /// <summary>
    /// Reads the settings with <paramref name="overrides"/> strongest (the command line's) and builds the service;
    /// <paramref name="configure"/> adds to it (a stand-in hypervisor: registered last, it is the one used). Bad
    /// settings throw one <c>OptionsValidationException</c> naming each.
    /// </summary>
    public static IHost Build(IReadOnlyDictionary<string, string?> overrides, Action<IHostApplicationBuilder>? configure = null) =>
        ConsumerApplication.Build(overrides, services => services.AddBlockresizeService(), configure);
}
