using System.CommandLine;
using Brick.Cinder.Hosting;

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
        command.SetAction(result =>
        {
            var given = settings.Read(result);
            return ConsumerCommand.RunAsync(given, () => CinderBridgeApplication.Build(given.Overrides), stderr);
        });
        return command;
    }
}
