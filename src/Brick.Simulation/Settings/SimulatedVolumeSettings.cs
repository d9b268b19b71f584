namespace Brick.Simulation.Settings;

/// <summary>A volume of the simulated host at start (<c>Brick:Simulation:Volumes:&lt;n&gt;</c>).</summary>
internal sealed class SimulatedVolumeSettings
{
    /// <summary><c>iscsi</c>, <c>fibre_channel</c>, <c>nvmeof</c> or <c>local</c> (a loop device).</summary>
    public string Type { get; set; } = "iscsi";

    /// <summary>Its size at start, in bytes (a multiple of 512).</summary>
    public long SizeBytes { get; set; } = 10L << 30;

    /// <summary>How many paths (portals, target ports, NVMe controllers), 1 to 8.</summary>
    public int Paths { get; set; } = 2;

    /// <summary>A dm-multipath map over SCSI paths; native multipath for NVMe.</summary>
    public bool Multipath { get; set; } = true;

    /// <summary>The SCSI WWID in multipath form (<c>36001405…</c>); none: a new one.</summary>
    public string? Wwid { get; set; }

    /// <summary>A LUKS2 mapping on top (its key in dm-crypt: resizable without a key).</summary>
    public bool Luks { get; set; }
}
