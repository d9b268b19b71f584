using Brick.Cinder.Settings;
using Brick.Service.Settings;
using Brick.Virt.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace Brick.Worker.Cli;

/// <summary>
/// Every concern's settings type, for the check of the <c>Brick</c> section's keys: each command accepts every
/// concern's keys, whether it reads them or not (environment files shared by <c>run</c>, <c>blockresize</c> and
/// <c>cinder-bridge</c> carry them all), and names the rest as not settings. A new concern's settings type goes here.
/// </summary>
internal static class SettingsCatalog
{
    /// <summary>The settings types of every concern of every command.</summary>
    public static IReadOnlyList<Type> Concerns { get; } =
    [
        typeof(HostSettings), typeof(BrokerSettings), typeof(EndpointSettings), typeof(EngineSettings), typeof(HttpSettings), typeof(MemorySettings), typeof(HypervisorSettings), typeof(NotificationsSettings),
    ];

    /// <summary>Makes every concern's keys keys of the command built on <paramref name="services"/>.</summary>
    public static IServiceCollection AddEveryConcernsKeys(this IServiceCollection services) => services.AddSettingsKeys([.. Concerns]);
}
