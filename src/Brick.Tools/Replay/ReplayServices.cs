using Brick.Engine.Telemetry;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Brick.Tools.Replay;

/// <summary>Registers what <c>brick-worker replay</c> needs: the one settings model, its broker, the metrics, and both replayers.</summary>
public static class ReplayServices
{
    /// <summary>
    /// The settings (bound from the container's <c>IConfiguration</c> and checked by the one validator), the broker they
    /// name, <see cref="BrickMetrics"/>, and a <see cref="Replayer"/> and a <see cref="FileReplayer"/> on that broker
    /// that count <c>brick.worker.replay.messages</c>.
    /// </summary>
    public static IServiceCollection AddWorkerReplay(this IServiceCollection services)
    {
        services.AddWorkerSettings();
        services.AddBrokerAddress();
        services.AddWorkerMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new Replayer(
            sp.GetRequiredService<BrokerAddress>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<BrickMetrics>()));
        services.AddSingleton(sp => new FileReplayer(
            sp.GetRequiredService<BrokerAddress>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<BrickMetrics>()));
        return services;
    }
}
