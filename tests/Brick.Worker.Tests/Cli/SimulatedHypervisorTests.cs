using System.Diagnostics.Metrics;
using Brick.Contracts;
using Brick.Engine.Kernel;
using Brick.Service.Settings;
using Brick.Virt.Settings;
using Brick.Virt.Guests;
using Brick.Virt.Qmp;
using Brick.Virt.Resizing;
using Brick.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brick.Worker.Tests.Cli;

/// <summary><c>blockresize --simulate</c>'s stand-in: a guest whose disk is the device <c>run --simulate</c> reports (<c>/dev/dm-0</c>, 10 GiB).</summary>
public sealed class SimulatedHypervisorTests
{
    [Fact]
    public async Task An_outcome_of_run_simulate_resizes_the_stand_in_guest_s_disk_and_the_log_says_so()
    {
        var log = new StringWriter();
        await using var hypervisor = await SimulatedHypervisor.StartAsync(log);
        var settings = hypervisor.Overrides(new Dictionary<string, string?>());
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var resizer = new GuestDiskResizer(
            new QmpHypervisor(settings["Brick:QmpDirectory"]!, TimeSpan.FromSeconds(5), NullLogger<QmpHypervisor>.Instance),
            new DeviceIdentity(new KernelRoots(settings["Brick:SysRoot"]!, settings["Brick:DevRoot"]!)),
            new VirtMetrics(services.GetRequiredService<IMeterFactory>()), TimeProvider.System, NullLogger<GuestDiskResizer>.Instance);
        var outcome = new HostVolumeResized("vol-sim", "compute-sim", null, 11L << 30, 11L << 30, "/dev/dm-0", "dm-0", [], null, DateTimeOffset.UtcNow, 10);

        var report = await resizer.ResizeAsync(outcome, null, TestContext.Current.CancellationToken);

        var resized = Assert.Single(report.Resized);
        Assert.Equal(("sim-guest", "disk0", 10L << 30), (resized.Domain, resized.Disk, resized.PreviousSizeBytes));
        Assert.Contains($"guest sim-guest: disk0 (/dev/dm-0) {10L << 30} -> {11L << 30} bytes", log.ToString(), StringComparison.Ordinal);
        Assert.Equal("", settings[$"{SettingsSection.Name}:{nameof(HypervisorSettings.Libvirt)}"]);
    }
}
