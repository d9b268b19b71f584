using System.CommandLine;
using Brick.Cinder.Composition;
using Brick.Service.Composition;
using Brick.Service.Residency;

namespace Brick.Worker.Cli;

/// <summary>
/// <c>brick-worker cinder-bridge</c>, a consumer's command (<see cref="ConsumerCommand"/>): consumes Cinder's own
/// notifications (oslo.messaging, <c>messagingv2</c>) from a durable queue of its own bound to Cinder's exchange, and
/// for each <c>volume.resize.end</c> publishes one <c>VolumeExtended</c> per attached host (docs/cinder.md).
/// </summary>
internal static class CinderBridgeCommand
{
    public static Command Create(TextWriter stderr) =>
        ConsumerCommand.Create("cinder-bridge",
            "Bridge Cinder's volume.resize.end notifications to VolumeExtended, one per attached host that Nova does not extend itself.",
            SettingOptions.ForCinderBridge(), stderr, overrides => ConsumerApplication.Build(overrides, services => services.AddCinderBridgeService().AddIdleRelease().AddEveryConcernsKeys()));
}
