using System.CommandLine;
using Brick.Service.Composition;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Brick.Worker.Cli;

/// <summary>
/// Every consumer's command (<c>run</c>, <c>blockresize</c>, <c>cinder-bridge</c>), one piece: its name, its help, its
/// settings' options and how its host is built are the consumer's own; the command builds the host, its settings checked
/// at once (exit 2, each problem one line), runs it until it is stopped (exit 0), or until it gives up because its bus
/// could not start (<see cref="ConsumerExit"/>: exit 3, the reason on standard error).
/// </summary>
internal static class ConsumerCommand
{
    /// <summary>
    /// The command <paramref name="name"/>: takes exactly the options of <paramref name="settings"/> and runs the host
    /// <paramref name="build"/> makes of the settings given (the command line's overrides); <paramref name="around"/>,
    /// where given, runs around the whole (blockresize's stand-in hypervisor), handing the settings on, changed or not.
    /// </summary>
    public static Command Create(
        string name, string description, SettingOptions settings, TextWriter stderr, Func<IReadOnlyDictionary<string, string?>, IHost> build,
        Func<GivenSettings, Func<IReadOnlyDictionary<string, string?>, Task<int>>, Task<int>>? around = null)
    {
        var command = new Command(name, description);
        settings.AddTo(command);
        command.SetAction(result =>
        {
            var given = settings.Read(result);
            Task<int> Run(IReadOnlyDictionary<string, string?> overrides) => RunAsync(given, () => build(overrides), stderr);
            return around is null ? Run(given.Overrides) : around(given, Run);
        });
        return command;
    }

    /// <summary>Builds the host with <paramref name="build"/> and runs it; the exit code.</summary>
    public static async Task<int> RunAsync(GivenSettings given, Func<IHost> build, TextWriter stderr)
    {
        IHost? service = null;
        if (!await SettingsProblems.NoneAsync(given, () => service = Checked(build()), stderr))
        {
            service?.Dispose();
            return ExitCodes.InvalidInput;
        }

        using (service)
        {
            // RunAsync disposes the host's services when it returns: take what is read afterwards first.
            var exit = service!.Services.GetService<ConsumerExit>();
            await service.RunAsync();
            if (exit?.Reason is { } reason)
            {
                await stderr.WriteLineAsync(reason);
                return ExitCodes.BusFailed;
            }
        }

        return ExitCodes.Succeeded;
    }

    /// <summary>Reads the settings once, so that bad ones throw here, before the host starts.</summary>
    private static IHost Checked(IHost service)
    {
        SettingsProblems.Check(service.Services);
        return service;
    }
}
