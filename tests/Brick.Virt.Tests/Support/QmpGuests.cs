using System.Diagnostics.Metrics;
using Brick.Simulation.Guests;
using Brick.Virt.Guests;
using Brick.Virt.Qmp;
using Brick.Virt.Resizing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brick.Virt.Tests.Support;

/// <summary>A folder of stand-in QEMU guests (QMP sockets) on a fake device tree, and the resizer that works on them.</summary>
internal sealed class QmpGuests : IAsyncDisposable
{
    public const long GiB = 1L << 30;

    private readonly List<SimulatedQmpGuest> _guests = [];
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public QmpGuests(TimeSpan? timeout = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("brick-qmp-test-").FullName;
        Tree = new FakeDevTree().Device("dm-3", "253:3", mapName: "mpatha").Device("dm-4", "253:4").Device("loop0", "7:0")
            .Link("mapper/mpatha", "../dm-3").Link("disk/by-id/dm-name-mpatha", "../../dm-3");
        Hypervisor = new QmpHypervisor(Directory, timeout ?? TimeSpan.FromSeconds(5), NullLogger<QmpHypervisor>.Instance);
        Resizer = new GuestDiskResizer(Hypervisor, new DeviceIdentity(Tree.Roots), new VirtMetrics(_services.GetRequiredService<IMeterFactory>()),
            TimeProvider.System, NullLogger<GuestDiskResizer>.Instance);
    }

    public string Directory { get; }

    public FakeDevTree Tree { get; }

    public QmpHypervisor Hypervisor { get; }

    public GuestDiskResizer Resizer { get; }

    /// <summary>Starts guest <paramref name="name"/> with disks (device, backing path, size) on socket <c>NAME.qmp</c>.</summary>
    public SimulatedQmpGuest Start(string name, params (string Device, string File, long Size)[] disks)
    {
        var guest = SimulatedQmpGuest.Start(Path.Combine(Directory, name + ".qmp"), [.. disks.Select(d => new SimulatedGuestDisk(d.Device, d.File, d.Size))]);
        _guests.Add(guest);
        return guest;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var guest in _guests)
            await guest.DisposeAsync();
        await _services.DisposeAsync();
        Tree.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
