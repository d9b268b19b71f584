using System.Text.Json.Serialization;

namespace Brick.Contracts;

/// <summary>
/// A block-storage service grew a volume that is attached to <see cref="Host"/>: that host's worker
/// must make the kernel see <see cref="NewSizeBytes"/> on every path. Published to
/// <see cref="EntityNames.VolumeExtendedExchange"/> with the host name as routing key.
/// </summary>
/// <param name="VolumeId">The volume, 1–64 characters of <c>[A-Za-z0-9._-]</c>.</param>
/// <param name="Host">The host the attachment belongs to; must equal the worker's host name.</param>
/// <param name="AttachmentId">The attachment, optional.</param>
/// <param name="NewSizeBytes">The volume's new size in bytes, a multiple of 512.</param>
/// <param name="Connection">How the volume is attached (Cinder's <c>connection_info</c>).</param>
/// <param name="RequestedAt">When the block-storage service asked, optional.</param>
public sealed record VolumeExtended(
    string VolumeId,
    string Host,
    string? AttachmentId,
    long NewSizeBytes,
    VolumeConnection Connection,
    [property: JsonConverter(typeof(UtcTimestampConverter))] DateTimeOffset? RequestedAt = null);
