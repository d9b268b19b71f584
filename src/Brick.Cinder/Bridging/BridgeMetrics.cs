using System.Diagnostics.Metrics;
using Brick.Engine.Telemetry;

namespace Brick.Cinder.Bridging;

/// <summary><c>brick-worker cinder-bridge</c>'s instruments, on the worker's meter (<see cref="BrickMetrics.MeterName"/>).</summary>
public sealed class BridgeMetrics
{
    /// <summary>Notifications read: <c>result</c> = <c>bridged</c> (every attachment sent or skipped), <c>partial</c> (some not bridged), <c>ignored</c> (another event), <c>invalid</c>, <c>failed</c>.</summary>
    public const string Notifications = "brick.cinder.notifications";

    /// <summary>Attachments of <c>volume.resize.end</c>: <c>outcome</c> = <c>sent</c>, <c>skipped</c> or <c>not_bridged</c>, with <c>reason</c> for the last two.</summary>
    public const string Attachments = "brick.cinder.attachments";

    private readonly Counter<long> _notifications;
    private readonly Counter<long> _attachments;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public BridgeMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(BrickMetrics.MeterName);
        _notifications = meter.CreateCounter<long>(Notifications, "{notification}", "Cinder notifications read by cinder-bridge, by result.");
        _attachments = meter.CreateCounter<long>(Attachments, "{attachment}", "Attachments of volume.resize.end handled by cinder-bridge, by outcome and reason.");
    }

    /// <summary>A notification ended as <paramref name="result"/>.</summary>
    public void NotificationRead(string result) => _notifications.Add(1, new KeyValuePair<string, object?>("result", result));

    /// <summary>An attachment's <c>VolumeExtended</c> was confirmed by the broker.</summary>
    public void AttachmentSent() => _attachments.Add(1, new KeyValuePair<string, object?>("outcome", "sent"));

    /// <summary>An attachment was left alone for <paramref name="reason"/>.</summary>
    public void AttachmentSkipped(string reason) =>
        _attachments.Add(1, new KeyValuePair<string, object?>("outcome", "skipped"), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>An attachment could not be bridged for <paramref name="reason"/>.</summary>
    public void AttachmentNotBridged(string reason) =>
        _attachments.Add(1, new KeyValuePair<string, object?>("outcome", "not_bridged"), new KeyValuePair<string, object?>("reason", reason));
}
