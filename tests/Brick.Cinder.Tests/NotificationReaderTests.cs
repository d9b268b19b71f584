using System.Text.Json;
using System.Text.Json.Nodes;
using Brick.Cinder.Notifications;

namespace Brick.Cinder.Tests;

public sealed class NotificationReaderTests
{
    [Fact]
    public void Reads_the_volume_resize_end_Cinder_itself_sent()
    {
        var resize = NotificationReader.Read(CinderFixture.Element()).Resize;

        Assert.NotNull(resize);
        Assert.Equal(12, resize.SizeGib);
        Assert.True(Guid.TryParse(resize.VolumeId, out _));
        Assert.NotEqual(Guid.Empty, resize.MessageId);
        Assert.Equal(TimeSpan.Zero, resize.Timestamp.Offset);
        Assert.Equal(7, resize.Attachments.Count);
        var iscsi = Assert.Single(resize.Attachments, a => a.AttachedHost == "compute-iscsi");
        Assert.Equal("attached", iscsi.AttachStatus);
        Assert.Null(iscsi.InstanceUuid);
        Assert.Contains("\"driver_volume_type\": \"iscsi\"", iscsi.ConnectionInfo, StringComparison.Ordinal);
        Assert.NotNull(Assert.Single(resize.Attachments, a => a.AttachedHost == "compute-nova").InstanceUuid);
        Assert.Null(Assert.Single(resize.Attachments, a => a.AttachedHost == "compute-reserved").ConnectionInfo);
    }

    [Fact]
    public void The_timestamp_is_oslo_s_UTC_time()
    {
        var resize = NotificationReader.Read(CinderFixture.With(n => n["timestamp"] = "2026-11-25 09:30:00.250000")).Resize!;

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 30, 0, 250, TimeSpan.Zero), resize.Timestamp);
    }

    [Fact]
    public void The_older_messaging_driver_s_body_reads_the_same()
    {
        var wrapped = NotificationReader.Read(CinderFixture.Element()).Resize!;
        var unwrapped = NotificationReader.Read(CinderFixture.Unwrapped()).Resize!;

        Assert.Equal(wrapped.MessageId, unwrapped.MessageId);
        Assert.Equal(wrapped.Attachments, unwrapped.Attachments);
    }

    [Theory]
    [InlineData("volume.create.end")]
    [InlineData("volume.resize.start")]
    [InlineData("compute.instance.update")]
    public void Another_event_is_ignored(string eventType) =>
        Assert.Null(NotificationReader.Read(CinderFixture.With(n => n["event_type"] = eventType)).Resize);

    public static TheoryData<string, string> Broken => new()
    {
        { "message_id", "not-a-uuid" },
        { "timestamp", "yesterday" },
        { "payload.size", "\"12\"" },
        { "payload.size", "0" },
        { "payload.size", "1073741825" },
        { "payload.size", "12.5" },
        { "payload.volume_id", "null" },
        { "payload.volume_attachment", "{}" },
        { "payload", "[]" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_resize_end_without_a_usable_field_is_invalid_and_names_it(string field, string json)
    {
        var body = CinderFixture.With(n =>
        {
            var value = field == "message_id" || field == "timestamp" ? JsonValue.Create(json) : JsonNode.Parse(json);
            if (field.StartsWith("payload.", StringComparison.Ordinal))
                n["payload"]![field["payload.".Length..]] = value;
            else
                n[field] = value;
        });

        var e = Assert.Throws<InvalidNotificationException>(() => NotificationReader.Read(body));
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"oslo.version\": \"2.0\", \"oslo.message\": 5}")]
    [InlineData("{\"oslo.version\": \"2.0\", \"oslo.message\": \"not json\"}")]
    [InlineData("{\"oslo.version\": \"2.0\", \"oslo.message\": \"{\\\"event_type\\\": \\\"a\\\", \\\"event_type\\\": \\\"volume.resize.end\\\"}\"}")]
    [InlineData("{\"hello\": 1}")]
    [InlineData("[]")]
    public void A_body_that_is_no_oslo_notification_is_invalid(string body) =>
        Assert.Throws<InvalidNotificationException>(() => NotificationReader.Read(JsonDocument.Parse(body).RootElement));
}
