using Brick.Engine.Operations;
using Brick.Engine.Programs;
using Brick.Engine.Requests;
using Brick.Engine.Telemetry;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Brick.Service.Composition;

/// <summary>Registers the engine on this machine, as the settings say: the real host only.</summary>
public static class ExtendEngine
{
    /// <summary>
    /// The request validator for this host, and the engine (<see cref="IVolumeExtender"/>) on the configured
    /// <c>SysRoot</c>/<c>DevRoot</c> and programs, with CliWrap as the runner and its bounds from the settings, metered
    /// (<see cref="BrickMetrics"/> on the host's meter factory). A
    /// simulated host replaces the roots, programs and runner after this (Brick.Simulation's <c>AddSimulatedHost</c>).
    /// </summary>
    public static IServiceCollection AddExtendEngine(this IServiceCollection services)
    {
        services.AddWorkerSettings();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new RequestValidator(sp.Settings<HostSettings>().Host, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => sp.Settings<EngineSettings>().Roots());
        services.AddSingleton(sp => sp.Settings<EngineSettings>().Programs());
        services.AddSingleton(sp => sp.Settings<EngineSettings>().Engine(sp.Settings<EndpointSettings>().MaxConcurrency));
        services.AddWorkerMetrics();
        services.AddSingleton<ICommandRunner, CliWrapCommandRunner>();
        services.AddSingleton<IVolumeExtender>(Metered);
        return services;
    }

    /// <summary>
    /// The engine, metered and traced: its runner is whichever <see cref="ICommandRunner"/> is registered when it is built (the
    /// real one, or a simulated host's, which replaces it), counted by <see cref="MeteredCommandRunner"/>, and the
    /// engine itself wrapped in <see cref="MeteredVolumeExtender"/> and <see cref="TracedVolumeExtender"/> (its spans). A simulated host wraps this registration in turn,
    /// so both compositions are metered the one same way.
    /// </summary>
    private static IVolumeExtender Metered(IServiceProvider services)
    {
        var metrics = services.GetRequiredService<BrickMetrics>();
        var runner = new MeteredCommandRunner(services.GetRequiredService<ICommandRunner>(), services.GetRequiredService<ProgramPaths>(), metrics);
        return new TracedVolumeExtender(new MeteredVolumeExtender(ActivatorUtilities.CreateInstance<VolumeExtender>(services, runner), metrics));
    }
}
