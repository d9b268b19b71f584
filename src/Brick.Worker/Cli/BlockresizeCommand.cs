using System.CommandLine;
using Brick.Service.Settings;
using Brick.Virt.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Brick.Worker.Cli;

/// <summary>
/// <c>brick-worker blockresize</c>: the virt side of the contract, per host. Consumes <c>HostVolumeResized</c> of this
/// host from its own queue (<c>brick-blockresize.&lt;host&gt;</c>), resizes the guest disks backed by the outcome's
/// device at the hypervisor (<c>--qmp-dir DIR</c> or <c>--libvirt URI</c>), and publishes <c>GuestDiskResized</c> or
/// <c>GuestDiskResizeFailed</c>. Takes <c>run</c>'s settings options. With <c>--simulate</c> a stand-in guest
/// (<see cref="SimulatedHypervisor"/>) is the hypervisor. Exit 0 after a graceful stop, 2 on bad settings.
/// </summary>
internal static class BlockresizeCommand
{
    private const string SimulateKey = $"{WorkerSettings.Section}:{nameof(WorkerSettings.Simulate)}";

    public static Command Create(TextWriter stderr)
    {
        var settings = SettingOptions.ForBlockresize();
        var command = new Command("blockresize",
            "Run the virt-side consumer: read HostVolumeResized, resize the guest disks on that device (QMP or libvirt), publish what was done.");
        settings.AddTo(command);
        command.SetAction(async result =>
        {
            var given = settings.Read(result);
            IHost? service = null;
            SimulatedHypervisor? simulated = null;
            if (bool.TryParse(ReadSimulate(given), out var simulate) && simulate)
                simulated = await SimulatedHypervisor.StartAsync(stderr);

            try
            {
                var overrides = simulated is null ? given.Overrides : simulated.Overrides(given.Overrides);
                if (!await SettingsProblems.NoneAsync(given, () => service = Build(overrides), stderr))
                {
                    service?.Dispose();
                    return ExitCodes.InvalidInput;
                }

                using (service)
                    await service!.RunAsync();
                return ExitCodes.Succeeded;
            }
            finally
            {
                if (simulated is not null)
                    await simulated.DisposeAsync();
            }
        });
        return command;
    }

    private static string? ReadSimulate(GivenSettings given) =>
        given.Overrides.TryGetValue(SimulateKey, out var value) ? value : Environment.GetEnvironmentVariable("Brick__Simulate");

    private static IHost Build(IReadOnlyDictionary<string, string?> overrides)
    {
        var service = BlockresizeApplication.Build(overrides);
        _ = service.Services.GetRequiredService<IOptions<WorkerSettings>>().Value;
        return service;
    }
}
