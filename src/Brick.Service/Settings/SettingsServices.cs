using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Brick.Service.Settings;

/// <summary>
/// Registers the concerns' settings the options way, each bound from the one <c>Brick</c> section and checked by its
/// own validators, and the <see cref="SettingsCheck"/> that names every problem of them at once.
/// </summary>
public static class SettingsServices
{
    /// <summary>
    /// The settings of the service's concerns, each with its validator: the host, the broker, the endpoint, the engine,
    /// HTTP, memory. Every command of the service's side checks them all, as it always has (a consumer of another part adds its own).
    /// </summary>
    internal static IServiceCollection AddWorkerSettings(this IServiceCollection services) =>
        services.AddSettings<HostSettings, HostSettingsValidator>()
            .AddSettings<BrokerSettings, BrokerSettingsValidator>()
            .AddSettings<EndpointSettings, EndpointSettingsValidator>()
            .AddSettings<EngineSettings, EngineSettingsValidator>()
            .AddSettings<HttpSettings, HttpSettingsValidator>()
            .AddSettings<MemorySettings, MemorySettingsValidator>();

    /// <summary>Holds the host's name to <paramref name="queue"/>'s limit too (a consumer's longest queue name for a host), once.</summary>
    internal static IServiceCollection AddHostQueue(this IServiceCollection services, Func<string, string> queue)
    {
        if (!services.Any(d => d.ImplementationInstance is HostQueue known && known.Name == queue))
            services.AddSingleton(new HostQueue(queue));
        return services;
    }

    /// <summary>
    /// Binds <typeparamref name="TSettings"/> from the <c>Brick</c> section of the <see cref="IConfiguration"/> in the
    /// container and checks it with <typeparamref name="TValidator"/> (and any other validator of its type) where it is
    /// first read and at start (<c>ValidateOnStart</c>); its keys join the keys the command accepts, and
    /// <see cref="SettingsCheck"/> reads it with every other concern. Adding it again adds only a validator it lacks.
    /// </summary>
    internal static IServiceCollection AddSettings<TSettings, TValidator>(this IServiceCollection services)
        where TSettings : class, new()
        where TValidator : class, IValidateOptions<TSettings>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TSettings>, TValidator>());
        if (services.Any(d => d.ServiceType == typeof(SettingsConcern) && d.ImplementationInstance is SettingsConcern c && c.Type == typeof(TSettings)))
            return services;

        services.AddOptions<TSettings>()
            .Configure<IConfiguration>((settings, configuration) => SettingsBinder.Bind(configuration.GetSection(SettingsSection.Name), settings))
            .ValidateOnStart();

        // One instance behind IOptions and IOptionsMonitor (which ValidateOnStart reads): bound and checked once per
        // process. Whatever reads a concern's settings first (the logger's format, while the host is built) gets every
        // problem of every concern at once, as the command's own check would name them.
        services.AddSingleton<IOptions<TSettings>>(sp =>
        {
            sp.GetRequiredService<SettingsCheck>().ThrowIfAny();
            return Options.Create(sp.GetRequiredService<IOptionsMonitor<TSettings>>().CurrentValue);
        });
        services.AddSingleton(new SettingsConcern(typeof(TSettings), sp => sp.GetRequiredService<IOptionsMonitor<TSettings>>().CurrentValue));
        services.AddSettingsKeys(typeof(TSettings));
        services.TryAddSingleton(sp => new SettingsCheck(sp.GetRequiredService<IConfiguration>(), sp, sp.GetServices<SettingsKeys>(),
            sp.GetServices<SettingsConcern>(), sp.GetServices<ISettingsRule>()));
        return services;
    }

    /// <summary>
    /// Makes the settings of <paramref name="types"/> keys the command accepts without reading them: the executable
    /// hands every concern's type to every command, as shared environment files carry every key (<c>run</c> accepts
    /// <c>Brick:QmpDirectory</c>, blockresize's). A value of theirs that does not convert is still named.
    /// </summary>
    public static IServiceCollection AddSettingsKeys(this IServiceCollection services, params Type[] types)
    {
        ArgumentNullException.ThrowIfNull(types);
        foreach (var type in types)
        {
            if (!services.Any(d => d.ServiceType == typeof(SettingsKeys) && d.ImplementationInstance is SettingsKeys k && k.Type == type))
                services.AddSingleton(new SettingsKeys(type));
        }

        return services;
    }

    /// <summary>The settings of one concern, <typeparamref name="TSettings"/>, bound and checked (read once per container).</summary>
    internal static TSettings Settings<TSettings>(this IServiceProvider services)
        where TSettings : class => services.GetRequiredService<IOptions<TSettings>>().Value;

    /// <summary>The broker of the settings, parsed once (<see cref="BrokerSettings.BrokerAddress"/>), for the bus and the replay alike.</summary>
    internal static IServiceCollection AddBrokerAddress(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => sp.Settings<BrokerSettings>().BrokerAddress(out var error)
            ?? throw new OptionsValidationException(SettingsSection.Name, typeof(BrokerSettings), [$"{SettingsSection.Name}:{error}."]));
        return services;
    }
}
