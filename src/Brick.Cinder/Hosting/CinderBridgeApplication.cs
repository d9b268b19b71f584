using Brick.Service.Hosting;
using Microsoft.Extensions.Hosting;

namespace Brick.Cinder.Hosting;

/// <summary>
/// The generic host of <c>brick-worker cinder-bridge</c>, on the consumers' skeleton as <c>run</c>'s
/// (<see cref="ConsumerApplication"/>): the same settings' sources, Serilog, its telemetry and, with <c>Brick:Http</c>,
/// <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>, systemd.
/// </summary>
public static class CinderBridgeApplication
{
    /// <summary>Reads the settings with <paramref name="overrides"/> strongest (the command line's) and builds the bridge. Bad settings throw one <c>OptionsValidationException</c> naming each.</summary>
    public static IHost Build(IReadOnlyDictionary<string, string?> overrides) =>
        ConsumerApplication.Build(overrides, services => services.AddCinderBridgeService());
}
