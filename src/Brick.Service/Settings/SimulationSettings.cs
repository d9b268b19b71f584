using Brick.Contracts;

namespace Brick.Service.Settings;

/// <summary>
/// The simulated host of <c>run --simulate</c> (key <c>Brick:Simulation</c>): the volumes it has at start and the rules
/// that make it misbehave. Only the executable reads it, to build the simulated host; the service's composition never does.
/// docs/simulated-host.md describes each key.
/// </summary>
public sealed class SimulationSettings
{
    /// <summary>The volumes laid out at start (<c>Volumes:0:Type</c>, …); none: the default two (an iSCSI volume and <c>/dev/loop0</c>).</summary>
    public IReadOnlyList<SimulatedVolumeSettings> Volumes { get; set; } = [];

    /// <summary>The rules, first match wins (<c>Rules:0:Volume</c>, …).</summary>
    public IReadOnlyList<SimulationRuleSettings> Rules { get; set; } = [];
}

/// <summary>A volume of the simulated host at start (<c>Brick:Simulation:Volumes:&lt;n&gt;</c>).</summary>
public sealed class SimulatedVolumeSettings
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

/// <summary>A rule of the simulated host (<c>Brick:Simulation:Rules:&lt;n&gt;</c>).</summary>
public sealed class SimulationRuleSettings
{
    /// <summary>The volume ids it matches, <c>*</c> as wildcard.</summary>
    public string Volume { get; set; } = "*";

    /// <summary>When set, it matches only the host's n-th try (1-based; retries count).</summary>
    public int? Request { get; set; }

    /// <summary>The fault, by the failure reason the worker then reports; none: no fault (a delay only).</summary>
    public ResizeFailureReason? Fail { get; set; }

    /// <summary>For <c>MultipathResizeFailed</c>: what multipathd answers, <c>fail</c> or <c>timeout</c>.</summary>
    public string Multipathd { get; set; } = "fail";

    /// <summary>How many tries it applies to before the host behaves; none: always.</summary>
    public int? Times { get; set; }

    /// <summary>Latency on the volume's rescans and programs while it applies, in seconds.</summary>
    public double DelaySeconds { get; set; }
}
