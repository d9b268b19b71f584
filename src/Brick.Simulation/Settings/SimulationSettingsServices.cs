using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Brick.Simulation.Settings;

/// <summary>Registers <see cref="SimulationSettings"/> the options way, as the worker's own settings are.</summary>
internal static class SimulationSettingsServices
{
    /// <summary>
    /// Binds <see cref="SimulationSettings"/> from <c>Brick:Simulation</c> of the <see cref="IConfiguration"/> in the
    /// container, checked by <see cref="SimulationSettingsValidator"/> where it is first read and at start
    /// (<c>ValidateOnStart</c>): bad settings surface as one <see cref="OptionsValidationException"/> naming each.
    /// </summary>
    public static IServiceCollection AddSimulationSettings(this IServiceCollection services)
    {
        services.AddOptions<SimulationSettings>()
            .Configure<IConfiguration>((settings, configuration) => Bind(configuration.GetSection(SimulationSettings.Section), settings))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SimulationSettings>, SimulationSettingsValidator>());
        return services;
    }

    /// <summary>Binds <paramref name="section"/> onto <paramref name="settings"/> when every key and value of it is good; else the defaults stay (the check names what is bad).</summary>
    private static void Bind(IConfigurationSection section, SimulationSettings settings)
    {
        if (SimulationSettingsValidator.Problems(section).Count > 0 || section.Get<SimulationSettings>() is not { } bound)
            return;
        settings.Volumes = bound.Volumes;
        settings.Rules = bound.Rules;
    }
}
