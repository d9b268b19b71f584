using Brick.Cinder.Bridging;
using Brick.Cinder.Notifications;
using Brick.Contracts;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Brick.Cinder.Messaging;

/// <summary>
/// The bridge's part of the shared error pipe (<see cref="ErrorQueueFilter"/>), as <c>run</c>'s: names the reason in the <c>brick-reason</c> header
/// (<see cref="BridgeReasons"/>), lists what was not bridged in <c>brick-not-bridged</c> (attachment id, host and reason
/// of each; never a value of a connection), logs and counts it; the filter then moves the notification to
/// <c>&lt;queue&gt;_error</c>, MassTransit's <c>MT-Fault-*</c> headers scrubbed of credentials (<see cref="FaultHeaders"/>).
/// </summary>
internal sealed partial class BridgeFailureRecorder(BridgeMetrics metrics, ILogger<BridgeFailureRecorder> logger) : IFailureRecorder
{
    /// <summary>The header listing the attachments not bridged: <c>id@host: Reason</c>, separated by <c>; </c>.</summary>
    public const string NotBridgedHeader = "brick-not-bridged";

    /// <inheritdoc />
    public Task<string?> RecordAsync(ExceptionReceiveContext context)
    {
        string reason;
        if (ExceptionChain.Find<NotBridgedException>(context.Exception) is { } notBridged)
        {
            reason = notBridged.NotBridged[0].Reason;
            foreach (var note in notBridged.NotBridged)
            {
                metrics.AttachmentNotBridged(note.Reason);
                LogNotBridged(note.AttachmentId, note.Host, note.Reason, note.Detail);
            }

            context.ExceptionHeaders.Set(NotBridgedHeader,
                string.Join("; ", notBridged.NotBridged.Select(n => $"{n.AttachmentId ?? "-"}@{n.Host ?? "-"}: {n.Reason}")));
            metrics.NotificationRead("partial");
        }
        else if (ExceptionChain.Find<InvalidNotificationException>(context.Exception) is not null)
        {
            reason = BridgeReasons.InvalidNotification;
            metrics.NotificationRead("invalid");
        }
        else
        {
            reason = BridgeReasons.NotPublished;
            metrics.NotificationRead("failed");
        }

        context.ExceptionHeaders.Set(EntityNames.ReasonHeader, reason);
        LogMoved(reason, Secrets.Scrub(context.Exception.GetBaseException().Message));
        return Task.FromResult<string?>(null); // it publishes no failure: a redelivery is bridged again
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not bridged: attachment {AttachmentId} on {Host}: {Reason}: {Detail}")]
    private partial void LogNotBridged(string? attachmentId, string? host, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification moved to the error queue: {Reason}: {Detail}")]
    private partial void LogMoved(string reason, string detail);
}
