using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Brick.Service.Settings;

/// <summary>Registers <see cref="WorkerSettings"/> the options way: bound from the container's configuration, checked by <see cref="WorkerSettingsValidator"/>.</summary>
internal static class SettingsServices
{
    /// <summary>
    /// Binds <see cref="WorkerSettings"/> from the <c>Brick</c> section of the <see cref="IConfiguration"/> in the
    /// container and checks it where it is first read and at start (<c>ValidateOnStart</c>). Bad settings surface as
    /// one <see cref="OptionsValidationException"/> whose <see cref="OptionsValidationException.Failures"/> name each.
    /// </summary>
    public static IServiceCollection AddWorkerSettings(this IServiceCollection services)
    {
        services.AddOptions<WorkerSettings>()
            .Configure<IConfiguration>((settings, configuration) => SettingsBinder.Bind(configuration.GetSection(WorkerSettings.Section), settings))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkerSettings>, WorkerSettingsValidator>());

        // One instance behind IOptions and IOptionsMonitor (which ValidateOnStart reads): bound, checked, and its
        // broker parsed once per process.
        services.AddSingleton<IOptions<WorkerSettings>>(sp => Options.Create(sp.GetRequiredService<IOptionsMonitor<WorkerSettings>>().CurrentValue));
        return services;
    }

    /// <summary>The broker of the settings, parsed once (<see cref="WorkerSettings.BrokerAddress"/>), for the bus and the replay alike.</summary>
    public static IServiceCollection AddBrokerAddress(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<WorkerSettings>>().Value.BrokerAddress(out var error)
            ?? throw new OptionsValidationException(WorkerSettings.Section, typeof(WorkerSettings), [$"{WorkerSettings.Section}:{error}."]));
        return services;
    }
}
