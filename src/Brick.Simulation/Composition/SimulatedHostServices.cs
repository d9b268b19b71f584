using Brick.Engine.Kernel;
using Brick.Engine.Operations;
using Brick.Engine.Programs;
using Brick.Simulation.Hosts;
using Brick.Simulation.Scripting;
using Brick.Simulation.Settings;
using Brick.Simulation.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Brick.Simulation.Composition;

/// <summary>Plugs a simulated host into a service collection that has the engine registered.</summary>
public static class SimulatedHostServices
{
    /// <summary>
    /// Replaces the engine's host (its <see cref="KernelRoots"/>, <see cref="ProgramPaths"/> and
    /// <see cref="ICommandRunner"/>) with a <see cref="SimulatedArray"/>'s, and decorates the
    /// <see cref="IVolumeExtender"/> so that the array serves each try first (<see cref="SimulatedArray.Serve"/>: lays
    /// out the devices of a request it has never seen, plays the fault of a rule of <paramref name="script"/>, grows the
    /// LUN) before the engine runs. A hosted service lays the host out (and logs its volumes' connections) when the
    /// service starts. Call it after the engine is registered; used by <c>demo</c>, <c>run --simulate</c> and tests.
    /// </summary>
    internal static IServiceCollection AddSimulatedHost(this IServiceCollection services, SimulationScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return services.AddSimulatedHost(_ => script);
    }

    /// <summary>The simulated host of the script <paramref name="script"/> gives when the host is first laid out (e.g. from checked settings).</summary>
    internal static IServiceCollection AddSimulatedHost(this IServiceCollection services, Func<IServiceProvider, SimulationScript> script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var engine = services.LastOrDefault(s => s.ServiceType == typeof(IVolumeExtender))
            ?? throw new InvalidOperationException("Register the engine (IVolumeExtender) before the simulated host.");

        services.AddSingleton(sp => new SimulatedArray(script(sp), sp.GetRequiredService<ILogger<SimulatedArray>>()));
        services.AddHostedService<LayoutAtStart>();
        services.Replace(ServiceDescriptor.Singleton(sp => sp.GetRequiredService<SimulatedArray>().Host.Roots));
        services.Replace(ServiceDescriptor.Singleton(SimulatedHost.Commands));
        services.Replace(ServiceDescriptor.Singleton<ICommandRunner>(sp => sp.GetRequiredService<SimulatedArray>().Host.CreateCommandRunner()));
        services.Replace(ServiceDescriptor.Singleton<IVolumeExtender>(sp =>
            new ArrayGrowsFirst(Create(sp, engine), sp.GetRequiredService<SimulatedArray>())));
        return services;
    }

    /// <summary>
    /// The simulated host of its own settings, <c>Brick:Simulation</c> of the container's configuration (its volumes at
    /// start and its rules; docs/simulated-host.md), bound and checked the options way: bad ones are named, one
    /// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> failure each, when the options are validated
    /// at start (<c>IStartupValidator</c>) or first read. What <c>run --simulate</c> uses.
    /// </summary>
    public static IServiceCollection AddSimulatedHostFromSettings(this IServiceCollection services) =>
        services.AddSimulationSettings()
            .AddSimulatedHost(sp => sp.GetRequiredService<IOptions<SimulationSettings>>().Value.Script());

    /// <summary>
    /// Every problem of the simulated host's settings in <paramref name="configuration"/> (<c>Brick:Simulation</c>), one
    /// sentence each naming its key, as <see cref="AddSimulatedHostFromSettings"/> checks them: for a composition that
    /// names them with its own settings' problems.
    /// </summary>
    public static IReadOnlyList<string> SettingsProblems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return SimulationSettingsValidator.Problems(configuration.GetSection(SimulationSettings.Section));
    }

    /// <summary>The simulated host of <see cref="SimulationScript.Default"/>, with or without its loop volume.</summary>
    public static IServiceCollection AddSimulatedHost(this IServiceCollection services, bool withLoopVolume = true) =>
        services.AddSimulatedHost(withLoopVolume ? SimulationScript.Default : new SimulationScript([SimulatedVolumeSpec.Defaults[0]]));

    /// <summary>Creates the array when the service starts, not at its first request.</summary>
    private sealed class LayoutAtStart(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<SimulatedArray>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static IVolumeExtender Create(IServiceProvider services, ServiceDescriptor engine) => (IVolumeExtender)(
        engine.ImplementationInstance
        ?? engine.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, engine.ImplementationType!));
}
