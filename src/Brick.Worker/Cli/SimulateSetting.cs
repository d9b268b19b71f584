using Brick.Service.Settings;
using Microsoft.Extensions.Configuration;

namespace Brick.Worker.Cli;

/// <summary>
/// <c>Brick:Simulate</c> (<c>--simulate</c>), read the one way every command reads it before its host is built: from
/// the settings' own sources (<c>appsettings.json</c>, <c>Brick__Simulate</c> in any case, the command line).
/// </summary>
internal static class SimulateSetting
{
    private const string Key = $"{SettingsSection.Name}:{nameof(EngineSettings.Simulate)}";

    /// <summary>Whether <paramref name="configuration"/> asks for a simulated host. A value that is not true or false is the settings' check to name; until then it is not a simulation.</summary>
    public static bool IsOn(IConfiguration configuration) => bool.TryParse(configuration[Key], out var on) && on;

    /// <summary>Whether the settings' sources, with <paramref name="given"/> on top, ask for a simulated host.</summary>
    public static bool IsOn(GivenSettings given) =>
        IsOn(new ConfigurationBuilder().AddWorkerSettingsSources(given.Overrides).Build());
}
