using Brick.Contracts;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;
using Brick.Engine.Telemetry;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Brick.Service.Messaging;

/// <summary>
/// The last stop of a message that goes to the error queue: works out the failure (the one the consumer gave up with,
/// or, for an unexpected error, what the delivery's request says), publishes it when the request named its volume and
/// host, puts the reason in the <c>brick-reason</c> header of the copy moved to the error queue, and counts it as a
/// failed request (<c>brick.worker.requests</c>, <c>outcome=failed</c>).
/// </summary>
internal sealed partial class FailureRecorder(
    OutcomePublisher publisher, RequestValidator validator, BrickMetrics metrics, TimeProvider clock, ILogger<FailureRecorder> logger)
{
    /// <summary>Records the failure of <paramref name="context"/> before it is moved to the error queue.</summary>
    public async Task RecordAsync(ExceptionReceiveContext context)
    {
        var failed = Given(context.Exception) ?? Unexpected(context);
        context.ExceptionHeaders.Set(EntityNames.ReasonHeader, failed.Failure.Reason.ToString());
        using var scope = RequestLogScope.Begin(logger, failed.Identity, failed.Failure.CorrelationId);

        if (failed.Publishes)
            await publisher.PublishAsync(context.SendEndpointProvider, failed.Failure, context.CancellationToken);
        metrics.RequestFailed(failed.Failure.Reason.ToString());
        LogMoved(failed.Failure.Reason, failed.Failure.Detail, failed.Failure.Retriable, failed.Publishes);
    }

    private static RequestFailedException? Given(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RequestFailedException failed)
                return failed;
            if (e is AggregateException { InnerExceptions: [var single] })
                return Given(single);
        }

        return null;
    }

    /// <summary>Something the consumer did not expect broke (or no consumer took the message): a retriable failure of the request the delivery holds.</summary>
    private RequestFailedException Unexpected(ExceptionReceiveContext context)
    {
        var request = InboundDelivery.Of(context);
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
}
