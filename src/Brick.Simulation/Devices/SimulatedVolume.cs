using Brick.Contracts;

namespace Brick.Simulation.Devices;

/// <summary>A volume attached to the simulated host: its LUN, its devices, and the connection a control plane would send.</summary>
/// <param name="Lun">The LUN: grow it to play the array.</param>
/// <param name="Paths">The path devices' kernel names.</param>
/// <param name="Map">The multipath map's kernel name, or null.</param>
/// <param name="NvmeHead">The native NVMe multipath head, or null.</param>
/// <param name="Connection">The <c>connection</c> of a <c>VolumeExtended</c> for this volume.</param>
public sealed record SimulatedVolume(
    SimulatedLun Lun, IReadOnlyList<string> Paths, string? Map, string? NvmeHead, VolumeConnection Connection)
{
    /// <summary>The device a guest would use: the map, the NVMe head or the only path.</summary>
    public string GuestDevice => Map ?? NvmeHead ?? Paths[0];

    /// <summary>A <c>VolumeExtended</c> for this volume as a control plane would publish it.</summary>
    public VolumeExtended Request(string host, long newSizeBytes, string volumeId = "vol-1", string? attachmentId = "att-1") =>
        new(volumeId, host, attachmentId, newSizeBytes, Connection, DateTimeOffset.UtcNow);
}
