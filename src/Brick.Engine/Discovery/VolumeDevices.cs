namespace Brick.Engine.Discovery;

/// <summary>The devices of one volume on this host, bottom to top.</summary>
/// <param name="Paths">The path devices (at least one).</param>
/// <param name="NvmeHead">The native NVMe multipath head (<c>nvmeXnY</c>) above hidden paths, or null.</param>
/// <param name="Map">The dm-multipath map (<c>dm-N</c>), or null.</param>
/// <param name="Crypt">The dm-crypt mapping on top, or null.</param>
internal sealed record VolumeDevices(IReadOnlyList<PathDevice> Paths, string? NvmeHead, string? Map, CryptMapping? Crypt)
{
    /// <summary>Paths of the volume that are not in <see cref="Map"/> (multipathd left them out): added back after the resize.</summary>
    public IReadOnlyList<string> OutsideMap { get; init; } = [];

    /// <summary>What made these devices the volume's at discovery, read again before each later write.</summary>
    public IdentityFacts Identity { get; init; } = new();

    /// <summary>The device below a crypt mapping that the guest would otherwise use: the map, the NVMe head or the first path.</summary>
    public string Base => Map ?? NvmeHead ?? Paths[0].Name;

    /// <summary>The device the guest uses.</summary>
    public string Top => Crypt?.Device ?? Base;
}

/// <summary>A dm-crypt (LUKS) mapping: its kernel name and its device-mapper name (what <c>cryptsetup</c> takes).</summary>
internal sealed record CryptMapping(string Device, string Name);
