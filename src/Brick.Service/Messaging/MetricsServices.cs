using System.Diagnostics.Metrics;
using Brick.Engine.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Brick.Service.Messaging;

/// <summary>Registers the worker's instruments once, on the host's meter factory, for the engine, the bus and the replay.</summary>
internal static class MetricsServices
{
    /// <summary><c>AddMetrics</c> (the <see cref="IMeterFactory"/>) and one <see cref="BrickMetrics"/> on it; adding it again changes nothing.</summary>
    public static IServiceCollection AddWorkerMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(sp => new BrickMetrics(sp.GetRequiredService<IMeterFactory>()));
        return services;
    }
}
