using Brick.Contracts;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;
using Brick.Engine.Telemetry;
using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Brick.Service.Messaging;

/// <summary>
/// The last stop of a message that goes to the error queue: works out the failure (the one the consumer gave up with,
/// or, for an unexpected error, what the delivery's request says), publishes it when the request named its volume and
/// host, puts the reason in the <c>brick-reason</c> header of the copy moved to the error queue, and counts it as a
/// failed request (<c>brick.worker.requests</c>, <c>outcome=failed</c>). It never throws for a failure it cannot
/// publish (that would requeue the message and run it again, endlessly): after a few tries the message goes to the
/// error queue all the same, with <c>brick-outcome-published: false</c>. A success whose outcome could not be
/// published goes there with <c>brick-reason: OutcomeNotPublished</c> and no failure published. Every detail is
/// scrubbed of credentials (<see cref="Secrets"/>).
/// </summary>
internal sealed partial class FailureRecorder(
    OutcomePublisher<HostVolumeResized, HostVolumeResizeFailed> publisher, RequestValidator validator, IOptions<EndpointSettings> settings, BrickMetrics metrics,
    TimeProvider clock, ILogger<FailureRecorder> logger) : IFailureRecorder
{
    /// <summary>The header saying that the failure in <c>brick-reason</c> could not be published.</summary>
    public const string PublishedHeader = "brick-outcome-published";

    /// <summary>The header naming the outcome that could not be published (<c>HostVolumeResized</c>).</summary>
    public const string OutcomeHeader = "brick-outcome";

    /// <inheritdoc />
    public async Task<string?> RecordAsync(ExceptionReceiveContext context)
    {
        if (ExceptionChain.Find<OutcomeNotPublishedException>(context.Exception) is { } unpublished)
        {
            context.ExceptionHeaders.Set(EntityNames.ReasonHeader, OutcomeNotPublishedException.Reason);
            context.ExceptionHeaders.Set(OutcomeHeader, unpublished.Outcome);
            context.ExceptionHeaders.Set(PublishedHeader, "false");
            using var unpublishedScope = RequestLogScope.Begin(logger, unpublished.Identity, Correlation.Of(context, InboundDelivery.Of(context, MaxBytes)));
            metrics.RequestFailed(OutcomeNotPublishedException.Reason);
            LogUnpublished(unpublished.Outcome, Secrets.Scrub(unpublished.Message));
            return null;
        }

        var failed = ExceptionChain.Find<RequestFailedException>(context.Exception) ?? Unexpected(context);
        var failure = failed.Failure with { Detail = Secrets.Scrub(failed.Failure.Detail) };
        context.ExceptionHeaders.Set(EntityNames.ReasonHeader, failure.Reason.ToString());
        using var scope = RequestLogScope.Begin(logger, failed.Identity, failure.CorrelationId);

        var published = failed.Publishes && await TryPublishAsync(context, failure);
        if (failed.Publishes && !published)
            context.ExceptionHeaders.Set(PublishedHeader, "false");
        metrics.RequestFailed(failure.Reason.ToString());
        LogMoved(failure.Reason, failure.Detail, failure.Retriable, published);
        return published ? failure.Reason.ToString() : null;
    }

    private int MaxBytes => settings.Value.MaxMessageBytes;

    /// <summary>Publishes <paramref name="failure"/>, trying again with back-off a few times; false when it never went.</summary>
    private async Task<bool> TryPublishAsync(ExceptionReceiveContext context, HostVolumeResizeFailed failure)
    {
        const int Tries = 3;
        var delay = settings.Value.RetryInitialDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await publisher.PublishAsync(failure, context.CancellationToken);
                return true;
            }
            catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
            {
                LogPublishFailed(attempt, Tries, Secrets.Scrub(e.GetBaseException().Message));
                if (attempt == Tries)
                    return false;
            }

            await Task.Delay(delay, context.CancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.Value.RetryMaxDelay.Ticks));
        }
    }

    /// <summary>Something the consumer did not expect broke (or no consumer took the message): a retriable failure of the request the delivery holds.</summary>
    private RequestFailedException Unexpected(ExceptionReceiveContext context)
    {
        var request = InboundDelivery.Of(context, MaxBytes);
        var correlationId = Correlation.Of(context, request);
        var validation = request.Validate(validator);
        if (validation is { IsValid: false })
            return new RequestFailedException(OutcomeMessages.Rejected(validation, validator.HostName, correlationId, clock.GetUtcNow()), validation.Identity);

        var identity = validation.Identity;
        return new RequestFailedException(new HostVolumeResizeFailed(
            identity.VolumeId!, identity.Host!, identity.AttachmentId, identity.NewSizeBytes ?? 0, null, ResizeFailureReason.CommandFailed,
            $"The worker failed unexpectedly: {context.Exception.GetBaseException().Message}", [], true, correlationId, clock.GetUtcNow()), identity);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Moved to the error queue: {Reason}: {Detail} (retriable: {Retriable}, failure published: {Published})")]
    private partial void LogMoved(ResizeFailureReason reason, string detail, bool retriable, bool published);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the failure failed (try {Attempt} of {Tries}): {Error}")]
    private partial void LogPublishFailed(int attempt, int tries, string error);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Moved to the error queue: OutcomeNotPublished: the volume is at its size but {Outcome} could not be published ({Error}); replay the message to publish it")]
    private partial void LogUnpublished(string outcome, string error);
}
