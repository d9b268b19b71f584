using System.CommandLine;
using Brick.Virt.Hosting;

namespace Brick.Worker.Cli;

/// <summary>
/// <c>brick-worker blockresize</c>: the virt side of the contract, per host. Consumes <c>HostVolumeResized</c> of this
/// host from its own queue (<c>brick-blockresize.&lt;host&gt;</c>), resizes the guest disks backed by the outcome's
/// device at the hypervisor (<c>--qmp-dir DIR</c> or <c>--libvirt URI</c>), and publishes <c>GuestDiskResized</c> or
/// <c>GuestDiskResizeFailed</c>. Takes the settings options of <c>run</c> it uses. With <c>--simulate</c> a stand-in guest
/// (<see cref="SimulatedHypervisor"/>) is the hypervisor. Exit 0 after a graceful stop, 2 on bad settings.
/// </summary>
internal static class BlockresizeCommand
{
    public static Command Create(TextWriter stderr)
    {
        var settings = SettingOptions.ForBlockresize();
        var command = new Command("blockresize",
            "Run the virt-side consumer: read HostVolumeResized, resize the guest disks on that device (QMP or libvirt), publish what was done.");
        settings.AddTo(command);
        command.SetAction(async result =>
        {
            var given = settings.Read(result);
            SimulatedHypervisor? simulated = null;
            if (SimulateSetting.IsOn(given))
                simulated = await SimulatedHypervisor.StartAsync(stderr);

            try
            {
                var overrides = simulated is null ? given.Overrides : simulated.Overrides(given.Overrides);
                return await ConsumerCommand.RunAsync(given, () => BlockresizeApplication.Build(overrides), stderr);
            }
            finally
            {
                if (simulated is not null)
                    await simulated.DisposeAsync();
            }
        });
        return command;
    }
}
