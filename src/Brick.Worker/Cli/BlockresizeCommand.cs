using System.CommandLine;
using Brick.Service.Composition;
using Brick.Service.Residency;
using Brick.Virt.Composition;

namespace Brick.Worker.Cli;

/// <summary>
/// <c>brick-worker blockresize</c>: the virt side of the contract, per host, a consumer's command
/// (<see cref="ConsumerCommand"/>). Consumes <c>HostVolumeResized</c> of this host from its own queue
/// (<c>brick-blockresize.&lt;host&gt;</c>), resizes the guest disks backed by the outcome's device at the hypervisor
/// (<c>--qmp-dir DIR</c> or <c>--libvirt URI</c>), and publishes <c>GuestDiskResized</c> or <c>GuestDiskResizeFailed</c>.
/// With <c>--simulate</c> a stand-in guest (<see cref="SimulatedHypervisor"/>) is the hypervisor.
/// </summary>
internal static class BlockresizeCommand
{
    public static Command Create(TextWriter stderr) =>
        ConsumerCommand.Create("blockresize",
            "Run the virt-side consumer: read HostVolumeResized, resize the guest disks on that device (QMP or libvirt), publish what was done.",
            SettingOptions.ForBlockresize(), stderr, overrides => ConsumerApplication.Build(overrides, services => services.AddBlockresizeService().AddIdleRelease().AddEveryConcernsKeys()),
            async (given, run) =>
            {
                if (!SimulateSetting.IsOn(given))
                    return await run(given.Overrides);
                await using var simulated = await SimulatedHypervisor.StartAsync(stderr);
                return await run(simulated.Overrides(given.Overrides));
            });
}
