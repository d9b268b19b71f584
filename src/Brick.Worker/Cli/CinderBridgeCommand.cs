using System.CommandLine;
using Brick.Cinder.Hosting;
using Brick.Service.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Brick.Worker.Cli;

/// <summary>
/// <c>brick-worker cinder-bridge</c>: consumes Cinder's own notifications (oslo.messaging, <c>messagingv2</c>) from a
/// durable queue of its own bound to Cinder's exchange, and for each <c>volume.resize.end</c> publishes one
/// <c>VolumeExtended</c> per attached host (docs/cinder.md). Takes <c>run</c>'s broker and service options and its own.
/// Exit 0 after a graceful stop, 2 on bad settings.
/// </summary>
internal static class CinderBridgeCommand
{
    public static Command Create(TextWriter stderr)
    {
        var settings = SettingOptions.ForCinderBridge();
        var command = new Command("cinder-bridge",
            "Bridge Cinder's volume.resize.end notifications to VolumeExtended, one per attached host that Nova does not extend itself.");
        settings.AddTo(command);
        command.SetAction(async result =>
        {
            var given = settings.Read(result);
            IHost? service = null;
            if (!await SettingsProblems.NoneAsync(given, () => service = Build(given.Overrides), stderr))
            {
                service?.Dispose();
                return ExitCodes.InvalidInput;
            }

            using (service)
                await service!.RunAsync();
            return ExitCodes.Succeeded;
        });
        return command;
    }

    private static IHost Build(IReadOnlyDictionary<string, string?> overrides)
    {
        var service = CinderBridgeApplication.Build(overrides);
        _ = service.Services.GetRequiredService<IOptions<WorkerSettings>>().Value;
        return service;
    }
}
