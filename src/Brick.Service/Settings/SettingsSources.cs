using Microsoft.Extensions.Configuration;

namespace Brick.Service.Settings;

/// <summary>Where every command reads its settings from, weakest first.</summary>
public static class SettingsSources
{
    /// <summary>
    /// Adds <c>appsettings.json</c> beside the program, then in the working directory (both optional), the environment
    /// (<c>Brick__Host</c>, <c>Brick__BrokerNodes__0</c>, …), and last <paramref name="overrides"/>: the command line's
    /// options, keys such as <c>Brick:Host</c>.
    /// </summary>
    public static IConfigurationBuilder AddWorkerSettingsSources(this IConfigurationBuilder builder, IReadOnlyDictionary<string, string?> overrides) =>
        builder
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides);
}
