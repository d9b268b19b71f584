using Brick.Service.Hosting;
using Brick.Service.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Brick.Worker.Cli;

/// <summary>
/// What every consumer's command (<c>run</c>, <c>blockresize</c>, <c>cinder-bridge</c>) does with its host: builds it,
/// its settings checked at once (exit 2, each problem one line), runs it until it is stopped (exit 0), or until it
/// gives up because its bus could not start (<see cref="WorkerExit"/>, where the host has one: exit 3, the reason on
/// standard error).
/// </summary>
internal static class ConsumerCommand
{
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
            var exit = service!.Services.GetService<WorkerExit>();
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
        _ = service.Services.GetRequiredService<IOptions<WorkerSettings>>().Value;
        return service;
    }
}
