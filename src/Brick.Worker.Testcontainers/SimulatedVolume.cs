namespace Brick.Worker.Testcontainers;

/// <summary>
/// A volume the simulated host has at start (<c>Brick:Simulation:Volumes:&lt;n&gt;:…</c>); its connection is logged at
/// start. Declaring none keeps the default two (an iSCSI volume and <c>/dev/loop0</c>); volumes a request names that the
/// host has never seen are laid out on the spot anyway.
/// </summary>
/// <param name="Type"><c>iscsi</c>, <c>fibre_channel</c>, <c>nvmeof</c> or <c>local</c>.</param>
/// <param name="SizeBytes">Its size at start.</param>
/// <param name="Paths">Paths (portals, target ports, controllers), 1 to 8.</param>
/// <param name="Multipath">A multipath map over SCSI paths; native multipath for NVMe.</param>
/// <param name="Wwid">A SCSI WWID in multipath form; null: a new one.</param>
/// <param name="Luks">A LUKS2 mapping on top.</param>
public sealed record SimulatedVolume(string Type, long SizeBytes, int Paths = 2, bool Multipath = true, string? Wwid = null, bool Luks = false);
