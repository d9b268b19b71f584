using System.Globalization;
using System.Text.Json;
using Brick.Service.Inbound;

namespace Brick.Cinder.Notifications;

/// <summary>
/// Reads what oslo.messaging delivers: with the <c>messagingv2</c> driver the envelope
/// <c>{"oslo.version": "2.0", "oslo.message": "&lt;JSON string&gt;"}</c>, with the older <c>messaging</c> driver the
/// notification object itself. Every notification but <c>volume.resize.end</c> is <see cref="NotificationRead.Ignored"/>;
/// a body that is no notification, or a <c>volume.resize.end</c> without a usable id, time, volume or size, is an
/// <see cref="InvalidNotificationException"/> naming the field (never quoting its value).
/// </summary>
public static class NotificationReader
{
    /// <summary>The largest <c>size</c> taken, in GiB: 2^30 GiB is 2^60 bytes, the wire contract's bound.</summary>
    public const long MaxSizeGib = 1L << 30;

    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = InboundReader.MaxDepth, AllowDuplicateProperties = false };

    private static readonly string[] TimestampFormats = ["yyyy-MM-dd HH:mm:ss.FFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFF"];

    /// <summary>The notification in <paramref name="body"/> (the delivery's JSON object).</summary>
    public static NotificationRead Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
            throw new InvalidNotificationException("The body is not a JSON object.");
        if (body.TryGetProperty("oslo.message", out var inner))
        {
            if (inner.ValueKind != JsonValueKind.String)
                throw new InvalidNotificationException("oslo.message is not a string.");
            try
            {
                using var document = JsonDocument.Parse(inner.GetString()!, Strict);
                return ReadNotification(document.RootElement);
            }
            catch (JsonException e)
            {
                throw new InvalidNotificationException($"oslo.message is not JSON: {InboundIds.Printable(e.Message)}");
            }
        }

        return ReadNotification(body);
    }

    private static NotificationRead ReadNotification(JsonElement notification)
    {
        if (notification.ValueKind != JsonValueKind.Object || !notification.TryGetProperty("event_type", out var eventType)
            || eventType.ValueKind != JsonValueKind.String)
            throw new InvalidNotificationException("The body is not an oslo notification (no event_type).");
        if (eventType.GetString() != ResizeNotification.EventType)
            return NotificationRead.Ignored;

        var messageId = Text(notification, "message_id") is { } id && Guid.TryParse(id, out var guid)
            ? guid
            : throw new InvalidNotificationException("message_id is not a UUID.");
        var timestamp = Text(notification, "timestamp") is { } time
            && DateTime.TryParseExact(time, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))
            : throw new InvalidNotificationException("timestamp is not a time such as 2026-11-25 09:30:00.123456.");
        if (!notification.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
            throw new InvalidNotificationException("payload is not an object.");
        var volumeId = Text(payload, "volume_id") ?? throw new InvalidNotificationException("payload.volume_id is not a string.");
        var size = payload.TryGetProperty("size", out var sizeValue) && sizeValue.ValueKind == JsonValueKind.Number
            && sizeValue.TryGetInt64(out var gib) && gib is >= 1 and <= MaxSizeGib
            ? gib
            : throw new InvalidNotificationException($"payload.size is not a whole number of GiB from 1 to {MaxSizeGib}.");

        var attachments = new List<CinderAttachment>();
        if (payload.TryGetProperty("volume_attachment", out var rows) && rows.ValueKind != JsonValueKind.Null)
        {
            if (rows.ValueKind != JsonValueKind.Array)
                throw new InvalidNotificationException("payload.volume_attachment is not a list.");
            foreach (var row in rows.EnumerateArray())
            {
                if (row.ValueKind != JsonValueKind.Object)
                    throw new InvalidNotificationException("payload.volume_attachment holds an entry that is not an object.");
                attachments.Add(new CinderAttachment(Text(row, "id"), Text(row, "attached_host"), Text(row, "attach_status"),
                    Text(row, "instance_uuid"), Text(row, "connection_info")));
            }
        }

        return new NotificationRead(new ResizeNotification(messageId, timestamp, volumeId, size, attachments));
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
