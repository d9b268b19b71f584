namespace Brick.Simulation.Guests;

/// <summary>One disk of a <see cref="SimulatedQmpGuest"/>: its QMP device name, the file it is backed by, its size at the hypervisor.</summary>
public sealed class SimulatedGuestDisk(string device, string file, long sizeBytes)
{
    /// <summary>The QMP device name (a <c>-drive id=</c>).</summary>
    public string Device { get; } = device;

    /// <summary>The file or device it is backed by.</summary>
    public string File { get; } = file;

    /// <summary>Its size at the hypervisor.</summary>
    public long SizeBytes
    {
        get => Interlocked.Read(ref _sizeBytes);
        set => Interlocked.Exchange(ref _sizeBytes, value);
    }

    private long _sizeBytes = sizeBytes;
}
