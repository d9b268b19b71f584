namespace Brick.Simulation.Devices;

/// <summary>A LUN (or namespace) of the simulated array: its identity and the capacity the array gives it.</summary>
public sealed class SimulatedLun(string wwid, long sizeBytes)
{
    private long _sizeBytes = sizeBytes;

    /// <summary>The WWID in multipath form (<c>36001405…</c>), or a UUID for NVMe namespaces.</summary>
    public string Wwid { get; } = wwid;

    /// <summary>The capacity the array gives the LUN now.</summary>
    public long SizeBytes => Interlocked.Read(ref _sizeBytes);

    /// <summary>The array grows the LUN; hosts see it only after a rescan (or an NVMe AEN).</summary>
    public void Grow(long newSizeBytes)
    {
        if (newSizeBytes < SizeBytes)
            throw new ArgumentOutOfRangeException(nameof(newSizeBytes), "Arrays grow LUNs; they do not shrink them.");
        Interlocked.Exchange(ref _sizeBytes, newSizeBytes);
        Grown?.Invoke(newSizeBytes);
    }

    /// <summary>What else grows with the LUN (a loop device's backing file).</summary>
    internal Action<long>? Grown { get; set; }
}
