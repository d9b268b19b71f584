using Brick.Contracts;
using Brick.Engine.Requests;

namespace Brick.Engine.Outcomes;

/// <summary>Turns a rejection or an engine outcome into the wire contract's <c>HostVolumeResized</c> / <c>HostVolumeResizeFailed</c>.</summary>
public static class OutcomeMessages
{
    /// <summary>The success message of an outcome whose <see cref="ExtendOutcome.Succeeded"/> is true.</summary>
    public static HostVolumeResized Resized(ExtendRequest request, ExtendOutcome outcome, string? correlationId, DateTimeOffset at) => new(
        request.VolumeId,
        request.Host,
        request.AttachmentId,
        request.NewSizeBytes,
        outcome.SizeBytes ?? throw new ArgumentException("A successful outcome has a size.", nameof(outcome)),
        outcome.DevicePath ?? throw new ArgumentException("A successful outcome has a device.", nameof(outcome)),
        outcome.MultipathDevice,
        outcome.Paths,
        correlationId,
        at,
        (long)outcome.Elapsed.TotalMilliseconds);

    /// <summary>The failure message of an outcome whose <see cref="ExtendOutcome.Succeeded"/> is false.</summary>
    public static HostVolumeResizeFailed Failed(ExtendRequest request, ExtendOutcome outcome, string? correlationId, DateTimeOffset at) => new(
        request.VolumeId,
        request.Host,
        request.AttachmentId,
        request.NewSizeBytes,
        outcome.SizeBytes,
        outcome.Reason ?? throw new ArgumentException("A failed outcome has a reason.", nameof(outcome)),
        outcome.Detail ?? outcome.Reason.ToString()!,
        outcome.Paths,
        outcome.Retriable,
        correlationId,
        at);

    /// <summary>
    /// The failure message of a request rejected before it reached the host: nothing ran, so no paths and no size. It
    /// is always this host's answer (<paramref name="hostName"/>, which is also its routing key): a <c>Misrouted</c>
    /// one names the intended host in its detail, since the other host's name would let any sender make one host
    /// speak for another.
    /// </summary>
    public static HostVolumeResizeFailed Rejected(ValidationResult rejection, string hostName, string? correlationId, DateTimeOffset at) => new(
        rejection.Identity.VolumeId ?? "",
        hostName,
        rejection.Identity.AttachmentId,
        rejection.Identity.NewSizeBytes ?? 0,
        null,
        rejection.Reason ?? throw new ArgumentException("A rejection has a reason.", nameof(rejection)),
        rejection.Detail ?? rejection.Reason.ToString()!,
        [],
        false,
        correlationId,
        at);
}
