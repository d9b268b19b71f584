using Brick.Service.Health;
using Brick.Service.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Brick.Tools.Diagnosis;

/// <summary>Registers what <c>brick-worker check</c> needs on top of the engine's registrations (settings, roots, programs, runner).</summary>
public static class DiagnosisServices
{
    /// <summary>The broker of the settings and a <see cref="HostDiagnosis"/> built from the readiness checks it shares.</summary>
    public static IServiceCollection AddWorkerDiagnosis(this IServiceCollection services)
    {
        services.AddBrokerAddress();
        services.TryAddSingleton<RootsReadableCheck>();
        services.TryAddSingleton<MultipathdCheck>();
        services.TryAddSingleton<ProgramVersions>();
        services.TryAddSingleton<BrokerInspection>();
        services.TryAddSingleton(sp => new HostDiagnosis(
            sp.GetRequiredService<RootsReadableCheck>(), sp.GetRequiredService<ProgramVersions>(),
            sp.GetRequiredService<MultipathdCheck>(), sp.GetRequiredService<BrokerInspection>()));
        return services;
    }
}
