using Brick.Cinder.Bridging;

namespace Brick.Cinder.Messaging;

/// <summary>
/// Some attachments of a notification could not be bridged (the others were sent and confirmed): the notification
/// moves to the error queue with the first one's reason, not retried.
/// </summary>
internal sealed class NotBridgedException(IReadOnlyList<AttachmentNote> notBridged, int sent)
    : Exception($"{notBridged.Count} attachment(s) not bridged, {sent} sent: "
        + string.Join(" ", notBridged.Select(n => $"{n.AttachmentId ?? "(no id)"} on {n.Host ?? "(no host)"}: {n.Reason}: {n.Detail}")))
{
    /// <summary>What was not bridged.</summary>
    public IReadOnlyList<AttachmentNote> NotBridged { get; } = notBridged;
}

/// <summary>A <c>VolumeExtended</c> the broker did not confirm: the notification is tried again, every message of it sent again (same ids).</summary>
internal sealed class BridgeNotPublishedException(string message, Exception inner) : Exception(message, inner);
