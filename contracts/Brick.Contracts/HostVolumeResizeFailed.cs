using System.Text.Json.Serialization;

namespace Brick.Contracts;

/// <summary>
/// The host could not show the volume at its new size. Published to
/// <see cref="EntityNames.HostVolumeResizeFailedExchange"/> with the host name as routing key.
/// </summary>
/// <param name="VolumeId">The volume (empty where the request had none that could be read).</param>
/// <param name="Host">The host named by the request (or the worker's host where the request had none).</param>
/// <param name="AttachmentId">The attachment, as in the request.</param>
/// <param name="RequestedSizeBytes">The size the request asked for (0 where it had none that could be read).</param>
/// <param name="ObservedSizeBytes">The size the guest's device showed at the end, if one was found.</param>
/// <param name="Reason">Why it failed.</param>
/// <param name="Detail">One human sentence.</param>
/// <param name="Paths">Every path device found and its size.</param>
/// <param name="Retriable">Whether the same request may succeed later without a change to it.</param>
/// <param name="CorrelationId">The request's correlation id (or its message id).</param>
/// <param name="FailedAt">When the work ended.</param>
public sealed record HostVolumeResizeFailed(
    string VolumeId,
    string Host,
    string? AttachmentId,
    long RequestedSizeBytes,
    long? ObservedSizeBytes,
    ResizeFailureReason Reason,
    string Detail,
    IReadOnlyList<PathSize> Paths,
    bool Retriable,
    string? CorrelationId,
    [property: JsonConverter(typeof(UtcTimestampConverter))] DateTimeOffset FailedAt);
