using Brick.Engine.Operations;
using Brick.Engine.Programs;
using Brick.Engine.Requests;
using Brick.Service.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Brick.Service.Hosting;

/// <summary>Registers the engine on this machine, as the settings say: the real host only.</summary>
public static class WorkerEngine
{
    /// <summary>
    /// The request validator for this host, and the engine (<see cref="IVolumeExtender"/>) on the configured
    /// <c>SysRoot</c>/<c>DevRoot</c> and programs, with CliWrap as the runner and its bounds from the settings. A
    /// simulated host replaces the roots, programs and runner after this (Brick.Simulation's <c>AddSimulatedHost</c>).
    /// </summary>
    public static IServiceCollection AddWorkerEngine(this IServiceCollection services)
    {
        services.AddWorkerSettings();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new RequestValidator(Settings(sp).Host));
        services.AddSingleton(sp => Settings(sp).Roots());
        services.AddSingleton(sp => Settings(sp).Programs());
        services.AddSingleton(sp => Settings(sp).Engine());
        services.AddSingleton<ICommandRunner, CliWrapCommandRunner>();
        services.AddSingleton<IVolumeExtender, VolumeExtender>();
        return services;
    }

    private static WorkerSettings Settings(IServiceProvider services) => services.GetRequiredService<IOptions<WorkerSettings>>().Value;
}
