namespace Brick.Cinder.Notifications;

/// <summary>
/// One <c>volume.resize.end</c> as Cinder announces it (cinder/volume/volume_utils.py <c>notify_about_volume_usage</c>):
/// the oslo message's id and time, the volume, its new size in GiB and its attachment rows.
/// </summary>
/// <param name="MessageId">oslo's <c>message_id</c>, a UUID, the same for every delivery of this notification.</param>
/// <param name="Timestamp">oslo's <c>timestamp</c> (UTC): when Cinder sent it.</param>
/// <param name="VolumeId">The payload's <c>volume_id</c>.</param>
/// <param name="SizeGib">The payload's <c>size</c>: the volume's new size in GiB.</param>
/// <param name="Attachments">The payload's <c>volume_attachment</c> rows.</param>
public sealed record ResizeNotification(Guid MessageId, DateTimeOffset Timestamp, string VolumeId, long SizeGib, IReadOnlyList<CinderAttachment> Attachments)
{
    /// <summary>The event this bridge acts on.</summary>
    public const string EventType = "volume.resize.end";
}
