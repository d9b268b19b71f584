using System.CommandLine;
using Brick.Service.Hosting;
using Brick.Service.Settings;
using Brick.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Brick.Worker.Cli;

/// <summary>
/// <c>brick-worker run</c>: the per-host service. Settings come from <c>appsettings.json</c>, <c>Brick__*</c>
/// environment variables and, strongest, the options given on the command line (an option left out does not override).
/// With <c>Simulate</c> (<c>--simulate</c>) the service works on a simulated host built from the <c>Simulation</c>
/// settings (its volumes and rules). Exit 0 after a graceful stop, 2 on bad settings (each named, one line each, no
/// stack trace), 3 when the bus could not start (a refused login, say), for the service manager to start it again.
/// </summary>
internal static class RunCommand
{
    private const string SimulateKey = $"{WorkerSettings.Section}:{nameof(WorkerSettings.Simulate)}";

    public static Command Create(TextWriter stderr)
    {
        var settings = SettingOptions.ForService();
        var command = new Command("run", "Run the per-host service: consume VolumeExtended from RabbitMQ, publish the outcomes.");
        settings.AddTo(command);
        command.SetAction(async result =>
        {
            var given = settings.Read(result);
            IHost? service = null;
            if (!await SettingsProblems.NoneAsync(given, () => service = Build(given), stderr))
            {
                service?.Dispose();
                return ExitCodes.InvalidInput;
            }

            using (service)
            {
                // Read before it runs: RunAsync disposes the service and its provider when it stops.
                var exit = service!.Services.GetRequiredService<WorkerExit>();
                await service.RunAsync();
                if (exit.Reason is { } reason)
                {
                    await stderr.WriteLineAsync(reason);
                    return ExitCodes.BusFailed;
                }
            }

            return ExitCodes.Succeeded;
        });
        return command;
    }

    private static IHost Build(GivenSettings given)
    {
        var service = WorkerApplication.Build(given.Overrides, builder =>
        {
            // A value that is not true or false is the settings' check to name; until then it is not a simulation.
            if (bool.TryParse(builder.Configuration[SimulateKey], out var simulate) && simulate)
                builder.Services.AddSimulatedHost(sp => SimulationScripts.From(sp.GetRequiredService<IOptions<WorkerSettings>>().Value.Simulation));
        });
        _ = service.Services.GetRequiredService<IOptions<WorkerSettings>>().Value;
        return service;
    }
}
