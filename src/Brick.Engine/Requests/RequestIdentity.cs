namespace Brick.Engine.Requests;

/// <summary>What could be read of a request's identity, even when the request as a whole is invalid.</summary>
/// <param name="VolumeId">The volume id, if it was a valid one.</param>
/// <param name="Host">The host, if it was a string.</param>
/// <param name="AttachmentId">The attachment id, if it was a valid one.</param>
/// <param name="NewSizeBytes">The requested size, if it was an integer.</param>
public sealed record RequestIdentity(string? VolumeId, string? Host, string? AttachmentId, long? NewSizeBytes)
{
    /// <summary>Nothing could be read.</summary>
    public static RequestIdentity Unknown { get; } = new(null, null, null, null);
}
