namespace Brick.Engine.Requests;

/// <summary>A validated <c>VolumeExtended</c>: every field has passed the wire contract's rules.</summary>
/// <param name="VolumeId">The volume.</param>
/// <param name="Host">This host.</param>
/// <param name="AttachmentId">The attachment, if given.</param>
/// <param name="NewSizeBytes">The requested size, a positive multiple of 512.</param>
/// <param name="Target">Where the volume's devices are to be found.</param>
/// <param name="Wwid">The volume's WWID in multipath form (<c>3600a…</c>), if given: every path must report it.</param>
/// <param name="MultipathExpected">Whether the request says a multipath map exists (<c>multipath_id</c> given).</param>
/// <param name="DevicePathHint">The device saved at attach time (a path under <c>/dev</c>), if given.</param>
public sealed record ExtendRequest(
    string VolumeId,
    string Host,
    string? AttachmentId,
    long NewSizeBytes,
    VolumeTarget Target,
    string? Wwid,
    bool MultipathExpected,
    string? DevicePathHint)
{
    /// <summary>
    /// When the block-storage service asked (<c>requestedAt</c>), if given: an operation of the volume that began later
    /// than that (by the engine's clock, with a margin) has seen the array's growth for this request.
    /// </summary>
    public DateTimeOffset? RequestedAt { get; init; }
}
