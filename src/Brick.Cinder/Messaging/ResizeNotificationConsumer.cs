using Brick.Cinder.Bridging;
using Brick.Cinder.Notifications;
using Brick.Service.Inbound;
using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Brick.Cinder.Messaging;

/// <summary>
/// Takes one delivery of Cinder's notification queue (read once by <c>run</c>'s deserializer), and for a
/// <c>volume.resize.end</c> publishes one <c>VolumeExtended</c> per attachment to bridge (<see cref="BridgePlanner"/>),
/// each confirmed by the broker before the next step; the notification is acknowledged only after all of them are.
/// Any other event is acknowledged and counted. A send that fails is retried (the whole notification, same messages),
/// then moved to the error queue; attachments that cannot be bridged are logged, counted, and the notification is kept
/// in the error queue once the others are sent. Nothing of a connection is logged.
/// </summary>
internal sealed partial class ResizeNotificationConsumer(
    BridgePlanner planner, VolumeExtendedSender sender, BridgeMetrics metrics, ILogger<ResizeNotificationConsumer> logger)
    : IConsumer<InboundRequest>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<InboundRequest> context)
    {
        var delivered = context.Message;
        if (delivered.Problem is { } problem || delivered.Message is not { } body)
            throw new InvalidNotificationException(delivered.Problem ?? "The body holds no notification.");

        var read = NotificationReader.Read(body);
        if (read.Resize is not { } resize)
        {
            metrics.NotificationRead("ignored");
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["VolumeId"] = resize.VolumeId, ["NotificationId"] = resize.MessageId });
        var plan = planner.Plan(resize);
        foreach (var skipped in plan.Skipped)
        {
            metrics.AttachmentSkipped(skipped.Reason);
            LogSkipped(skipped.AttachmentId, skipped.Host, skipped.Reason);
        }

        try
        {
            await Task.WhenAll(plan.Sends.Select(s => sender.SendAsync(s, context.CancellationToken)));
        }
        catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
        {
            var error = Secrets.Scrub(e.GetBaseException().Message);
            LogNotSent(plan.Sends.Count, error, context.GetRetryAttempt());
            throw new BridgeNotPublishedException($"VolumeExtended not confirmed by the broker: {error}", e);
        }

        foreach (var sent in plan.Sends)
        {
            metrics.AttachmentSent();
            LogSent(sent.Request.Host, sent.Request.AttachmentId, sent.Request.NewSizeBytes, sent.Request.Connection.DriverVolumeType, sent.CorrelationId);
        }

        if (plan.NotBridged.Count > 0)
            throw new NotBridgedException(plan.NotBridged, plan.Sends.Count);
        metrics.NotificationRead("bridged");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent VolumeExtended to {Host} (attachment {AttachmentId}, {NewSizeBytes} bytes, {DriverVolumeType}, correlation {CorrelationId})")]
    private partial void LogSent(string host, string? attachmentId, long newSizeBytes, string driverVolumeType, Guid correlationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped attachment {AttachmentId} on {Host}: {Reason}")]
    private partial void LogSkipped(string? attachmentId, string? host, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} VolumeExtended not confirmed ({Error}), retry {Retry}; the notification is tried again")]
    private partial void LogNotSent(int count, string error, int retry);
}
