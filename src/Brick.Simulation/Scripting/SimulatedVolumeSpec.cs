using Brick.Simulation.Devices;
using Brick.Simulation.Hosts;

namespace Brick.Simulation.Scripting;

/// <summary>A volume the simulated host has before any request: its transport, paths, layers and size.</summary>
/// <param name="Type">The <c>driverVolumeType</c>: <c>iscsi</c>, <c>fibre_channel</c>, <c>nvmeof</c> or <c>local</c> (a loop device).</param>
/// <param name="SizeBytes">Its size now (the array grows it when a request asks for more).</param>
/// <param name="Paths">Paths (iSCSI portals, FC target ports, NVMe controllers); ignored for <c>local</c>.</param>
/// <param name="Multipath">A dm-multipath map over the paths (SCSI); for NVMe, native multipath.</param>
/// <param name="Wwid">The WWID of a SCSI LUN in multipath form (<c>36001405…</c>); null: a new one.</param>
/// <param name="Luks">A LUKS2 mapping on top (its key in dm-crypt, so that <c>cryptsetup resize</c> needs none).</param>
internal sealed record SimulatedVolumeSpec(string Type, long SizeBytes, int Paths = 2, bool Multipath = true, string? Wwid = null, bool Luks = false)
{
    /// <summary>The WWID of the default simulated iSCSI volume (the one of the wire contract's example).</summary>
    public const string IscsiWwid = "3600a09803830447a4f244c4657616f6f";

    /// <summary>The transports the simulated host lays out.</summary>
    public static IReadOnlyList<string> Types { get; } = ["iscsi", "fibre_channel", "nvmeof", "local"];

    /// <summary>The volumes of a host whose script names none.</summary>
    public static IReadOnlyList<SimulatedVolumeSpec> Defaults { get; } =
    [
        new("iscsi", 10L << 30, Paths: 2, Multipath: true, Wwid: IscsiWwid),
        new("local", 1L << 30),
    ];

    /// <summary>Lays the volume out on <paramref name="host"/>.</summary>
    public SimulatedVolume LayOut(SimulatedHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var volume = Type switch
        {
            "iscsi" => host.AddIscsiVolume(SizeBytes, Paths, Multipath, Wwid),
            "fibre_channel" => host.AddFibreChannelVolume(SizeBytes, Paths, Multipath, wwid: Wwid),
            "nvmeof" => host.AddNvmeVolume(SizeBytes, Paths, nativeMultipath: Multipath),
            "local" => host.AddLoopVolume(SizeBytes),
            _ => throw new ArgumentException($"The simulated host lays out {string.Join(", ", Types)} volumes, not '{Type}'."),
        };
        if (!Luks)
            return volume;
        host.AddCrypt(volume.GuestDevice, $"crypt-{volume.GuestDevice}");
        return volume;
    }
}
