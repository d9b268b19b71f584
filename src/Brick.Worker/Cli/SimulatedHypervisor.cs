using Brick.Service.Settings;
using Brick.Simulation.Guests;
using Brick.Simulation.Storage;
using Brick.Virt.Settings;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brick.Worker.Cli;

/// <summary>
/// <c>blockresize --simulate</c>'s stand-in hypervisor: the simulated host <c>run --simulate</c> works on (the same
/// layout: its multipath iSCSI volume and its loop volume, at their first sizes) and one stand-in QEMU guest,
/// <c>sim-guest</c>, whose disks are backed by those volumes' devices, on a QMP socket in a temp folder. The settings
/// point blockresize at that folder and at the simulated host's roots; each resize is printed. blockresize never gives
/// a disk more than its host device's size, and <c>run --simulate</c> grows a simulated host of its own (another
/// process): so the stand-in host's devices show <see cref="DeviceBytes"/>, as if the array had grown them ahead, while
/// the guest's disks start at the volumes' first sizes.
/// </summary>
internal sealed class SimulatedHypervisor : IAsyncDisposable
{
    /// <summary>What the stand-in host's devices show: more than any size the demo asks for.</summary>
    public const long DeviceBytes = 1L << 40;

    private readonly SimulatedArray _array;
    private readonly SimulatedQmpGuest _guest;
    private readonly string _directory;

    private SimulatedHypervisor(SimulatedArray array, SimulatedQmpGuest guest, string directory)
    {
        _array = array;
        _guest = guest;
        _directory = directory;
    }

    /// <summary>Lays out the simulated host and starts the guest; <paramref name="log"/> hears what the guest is told.</summary>
    public static Task<SimulatedHypervisor> StartAsync(TextWriter log)
    {
        var array = new SimulatedArray(NullLogger<SimulatedArray>.Instance);
        var directory = Directory.CreateTempSubdirectory("brick-qmp-").FullName;
        var disks = array.Volumes
            .Select((v, i) => new SimulatedGuestDisk($"disk{i}", $"/dev/{v.GuestDevice}", array.Host.SizeOf(v.GuestDevice)))
            .ToList();
        foreach (var volume in array.Volumes)
            array.Host.SetSizeText(volume.GuestDevice, (DeviceBytes / 512).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
        var guest = SimulatedQmpGuest.Start(Path.Combine(directory, "sim-guest.qmp"), disks, line => log.WriteLine($"stand-in hypervisor: {line}"));
        foreach (var disk in disks)
            log.WriteLine($"stand-in hypervisor: guest sim-guest has {disk.Device} on {disk.File}, {disk.SizeBytes} bytes (QMP {guest.SocketPath})");
        return Task.FromResult(new SimulatedHypervisor(array, guest, directory));
    }

    /// <summary><paramref name="given"/> with the QMP folder and the simulated host's roots.</summary>
    public IReadOnlyDictionary<string, string?> Overrides(IReadOnlyDictionary<string, string?> given)
    {
        var overrides = new Dictionary<string, string?>(given)
        {
            [$"{SettingsSection.Name}:{nameof(HypervisorSettings.QmpDirectory)}"] = _directory,
            [$"{SettingsSection.Name}:{nameof(EngineSettings.SysRoot)}"] = _array.Host.Roots.SysRoot,
            [$"{SettingsSection.Name}:{nameof(EngineSettings.DevRoot)}"] = _array.Host.Roots.DevRoot,
        };
        overrides[$"{SettingsSection.Name}:{nameof(HypervisorSettings.Libvirt)}"] = "";
        return overrides;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _guest.DisposeAsync();
        await _array.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
