using Brick.Contracts;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Brick.Virt.Resizing;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Brick.Virt.Messaging;

/// <summary>
/// blockresize's part of the shared error pipe (<see cref="ErrorQueueFilter"/>), as <c>run</c>'s: publishes the
/// failures the consumer gave up with, puts the reason in the <c>brick-reason</c> header (a
/// <see cref="GuestResizeFailureReason"/> name, or <c>InvalidOutcome</c>), counts it; the filter then moves the message
/// to <c>brick-blockresize.&lt;host&gt;_error</c>. A failure the broker will not take (within <c>PublishTimeout</c>)
/// does not stop the move, which then carries <c>brick-outcome-published: false</c>. An outcome the consumer could not
/// publish (<see cref="OutcomeNotPublishedException"/>, its retries spent) moves with <c>brick-reason: OutcomeNotPublished</c>,
/// <c>brick-outcome</c> naming it, nothing published. Details, the log and MassTransit's <c>MT-Fault-*</c> headers are
/// scrubbed of credentials (<see cref="FaultHeaders"/>, as <c>run</c>'s).
/// </summary>
internal sealed partial class GuestFailureRecorder(OutcomePublisher<GuestDiskResized, GuestDiskResizeFailed> publisher, VirtMetrics metrics, ILogger<GuestFailureRecorder> logger)
    : IFailureRecorder
{
    /// <inheritdoc />
    public async Task<string?> RecordAsync(ExceptionReceiveContext context)
    {
        if (ExceptionChain.Find<OutcomeNotPublishedException>(context.Exception) is { } unpublished)
        {
            // The disks have their size; what could not be published is the report of it: no failure is published.
            context.ExceptionHeaders.Set(EntityNames.ReasonHeader, OutcomeNotPublishedException.Reason);
            context.ExceptionHeaders.Set(FailureRecorder.OutcomeHeader, unpublished.Outcome);
            context.ExceptionHeaders.Set(FailureRecorder.PublishedHeader, "false");
            metrics.OutcomeRead("failed");
            LogUnpublished(unpublished.Outcome, Secrets.Scrub(unpublished.Message));
            return null;
        }

        var failures = ExceptionChain.Find<GuestResizeFailedException>(context.Exception)?.Failures ?? [];
        var reason = failures.Count > 0
            ? failures.FirstOrDefault(f => BlockresizeReport.IsRefusal(f.Reason))?.Reason.ToString() ?? failures[0].Reason.ToString()
            : ExceptionChain.Find<InvalidOutcomeException>(context.Exception) is not null ? BlockresizeReasons.InvalidOutcome : GuestResizeFailureReason.HypervisorFailed.ToString();
        context.ExceptionHeaders.Set(EntityNames.ReasonHeader, reason);
        var published = 0;
        foreach (var failure in failures)
        {
            try
            {
                await publisher.PublishAsync(failure, context.CancellationToken);
                published++;
            }
            catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
            {
                // Moved all the same: a failure that cannot be published must not send the message round again.
                context.ExceptionHeaders.Set(FailureRecorder.PublishedHeader, "false");
                LogNotPublished(Secrets.Scrub(e.GetBaseException().Message));
                break;
            }
        }

        metrics.OutcomeRead(reason == BlockresizeReasons.InvalidOutcome ? "invalid" : "failed");
        LogMoved(reason, Secrets.Scrub(context.Exception.GetBaseException().Message), published);
        return published > 0 ? reason : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A failure could not be published ({Error}); the message goes to the error queue with brick-outcome-published: false")]
    private partial void LogNotPublished(string error);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Moved to the error queue: OutcomeNotPublished: the guest disks have their size but {Outcome} could not be published ({Error}); replay the message to publish it")]
    private partial void LogUnpublished(string outcome, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moved to the error queue: {Reason}: {Detail} ({Published} failure(s) published)")]
    private partial void LogMoved(string reason, string detail, int published);
}
