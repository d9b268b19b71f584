using System.Text.Json.Serialization;

namespace Brick.Contracts;

/// <summary>
/// The host kernel shows the volume at its new size on every path and on the multipath map. Published to
/// <see cref="EntityNames.HostVolumeResizedExchange"/> with the host name as routing key.
/// </summary>
/// <param name="VolumeId">The volume.</param>
/// <param name="Host">The host that did the work.</param>
/// <param name="AttachmentId">The attachment, as in the request.</param>
/// <param name="RequestedSizeBytes">The size the request asked for.</param>
/// <param name="NewSizeBytes">The size of the device the guest is attached through, as the kernel reports it.</param>
/// <param name="DevicePath">That device, e.g. <c>/dev/dm-3</c>.</param>
/// <param name="MultipathDevice">The multipath map's kernel name, e.g. <c>dm-3</c>, or null.</param>
/// <param name="Paths">Every path device and its size.</param>
/// <param name="CorrelationId">The request's correlation id (or its message id).</param>
/// <param name="CompletedAt">When the work ended.</param>
/// <param name="ElapsedMs">How long the work took on the host.</param>
public sealed record HostVolumeResized(
    string VolumeId,
    string Host,
    string? AttachmentId,
    long RequestedSizeBytes,
    long NewSizeBytes,
    string DevicePath,
    string? MultipathDevice,
    IReadOnlyList<PathSize> Paths,
    string? CorrelationId,
    [property: JsonConverter(typeof(UtcTimestampConverter))] DateTimeOffset CompletedAt,
    long ElapsedMs);
