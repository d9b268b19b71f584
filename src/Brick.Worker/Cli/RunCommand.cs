using System.CommandLine;
using Brick.Service.Composition;
using Brick.Service.Residency;
using Brick.Service.Settings;
using Brick.Simulation.Composition;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Brick.Worker.Cli;

/// <summary>
/// <c>brick-worker run</c>: the per-host service, a consumer's command (<see cref="ConsumerCommand"/>). Settings come
/// from <c>appsettings.json</c>, <c>Brick__*</c> environment variables and, strongest, the options given on the command
/// line (an option left out does not override). With <c>Simulate</c> (<c>--simulate</c>) the service works on a
/// simulated host built from its own settings (<c>Brick:Simulation</c>: its volumes and rules, checked with the
/// worker's). Exit 0 after a graceful stop, 2 on bad settings (each named, one line each, no stack trace), 3 when the
/// bus could not start (a refused login, say), for the service manager to start it again.
/// </summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stderr) =>
        ConsumerCommand.Create("run", "Run the per-host service: consume VolumeExtended from RabbitMQ, publish the outcomes.",
            SettingOptions.ForService(), stderr, overrides => ConsumerApplication.Build(overrides, services => services.AddExtendService().AddIdleRelease().AddEveryConcernsKeys(), builder =>
            {
                if (SimulateSetting.IsOn(builder.Configuration))
                {
                    builder.Services.AddSimulatedHostFromSettings();
                    builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineSettings>, SimulationSettingsCheck>());
                }
            }));
}
