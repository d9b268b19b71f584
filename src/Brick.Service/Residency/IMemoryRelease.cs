namespace Brick.Service.Residency;

/// <summary>Gives memory of this process back to the system: what <see cref="IdleRelease"/> does once the consumer is idle.</summary>
internal interface IMemoryRelease
{
    /// <summary>Whether the kernel will page out the program's file pages (else only the collection gives memory back).</summary>
    bool CanPageOut { get; }

    /// <summary>Releases what can be released now.</summary>
    ReleasedMemory Release();
}
