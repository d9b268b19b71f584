using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Brick.Service.Residency;

/// <summary>Registers the idle release of a consumer process's memory (<see cref="IdleRelease"/>).</summary>
public static class ResidencyServices
{
    /// <summary>
    /// Makes the process release memory once its consumer is idle (<c>Brick:IdleRelease</c>,
    /// <c>Brick:IdleReleaseAfter</c>). For a process of its own (the commands), not for a consumer hosted beside
    /// others: the release works on the whole process.
    /// </summary>
    public static IServiceCollection AddIdleRelease(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorkActivity>();
        services.AddReceiveObserver(sp => sp.GetRequiredService<WorkActivity>());
        services.AddReceiveEndpointObserver(sp => sp.GetRequiredService<WorkActivity>());
        services.TryAddSingleton<IMemoryRelease, ProcessMemoryRelease>();
        return services.AddHostedService<IdleRelease>();
    }
}
