namespace Brick.Engine.Requests;

/// <summary>Where a volume's devices are: one case per supported <c>driverVolumeType</c>.</summary>
public abstract record VolumeTarget
{
    private protected VolumeTarget() { }

    /// <summary>The wire name of the driver type.</summary>
    public abstract string DriverVolumeType { get; }
}

/// <summary>An iSCSI volume reached through one or more portal/IQN/LUN triples.</summary>
public sealed record IscsiTarget(IReadOnlyList<IscsiPath> Paths) : VolumeTarget
{
    /// <inheritdoc />
    public override string DriverVolumeType => "iscsi";
}

/// <summary>A Fibre Channel volume reached through one or more target WWPNs.</summary>
public sealed record FibreChannelTarget(IReadOnlyList<FibreChannelPath> Paths) : VolumeTarget
{
    /// <inheritdoc />
    public override string DriverVolumeType => "fibre_channel";
}

/// <summary>An NVMe-oF namespace of subsystem <paramref name="Nqn"/>, named by UUID and/or NGUID (lower-case hex, no dashes).</summary>
public sealed record NvmeofTarget(string Nqn, string? Uuid, string? Nguid) : VolumeTarget
{
    /// <inheritdoc />
    public override string DriverVolumeType => "nvmeof";
}

/// <summary>A local block device (loop device, local disk, LVM volume) under <c>/dev</c>.</summary>
public sealed record LocalTarget(string DevicePath) : VolumeTarget
{
    /// <inheritdoc />
    public override string DriverVolumeType => "local";
}

/// <summary>One iSCSI path: a portal as given (<c>address:port</c> or <c>[ipv6]:port</c>), a target IQN and a LUN.</summary>
public sealed record IscsiPath(string Portal, string Iqn, int Lun);

/// <summary>One Fibre Channel path: a target WWPN (16 lower-case hex digits, no <c>0x</c>) and a LUN.</summary>
public sealed record FibreChannelPath(string Wwpn, int Lun);
