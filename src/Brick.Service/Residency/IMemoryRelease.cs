namespace Brick.Service.Residency;

/// <summary>Gives memory of this process back to the system: what <see cref="IdleRelease"/> does once the consumer is idle.</summary>
internal interface IMemoryRelease
{
    /// <summary>Releases what can be released now.</summary>
    ReleasedMemory Release();
}
