using Brick.Contracts;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;
using Brick.Worker.Service;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Brick.Worker.Messaging;

/// <summary>
/// The last stop of a message that goes to the error queue: works out the failure (the one the consumer gave up with,
/// or the reason the body could not be read), publishes it when the request's volume and host are known, and puts the
/// reason in the <c>brick-reason</c> header of the copy moved to the error queue.
/// </summary>
public sealed partial class FailureRecorder(
    OutcomePublisher publisher, RequestValidator validator, IOptions<WorkerOptions> options, TimeProvider clock, ILogger<FailureRecorder> logger)
{
    /// <summary>Records the failure of <paramref name="context"/> before it is moved to the error queue.</summary>
    public async Task RecordAsync(ExceptionReceiveContext context)
    {
        var (failure, known) = Given(context.Exception) is { } given ? (given, true) : Read(context);
        context.ExceptionHeaders.Set(EntityNames.ReasonHeader, failure.Reason.ToString());
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["VolumeId"] = failure.VolumeId,
            ["Host"] = failure.Host,
            ["AttachmentId"] = failure.AttachmentId,
            ["CorrelationId"] = failure.CorrelationId,
        });

        if (known)
            await publisher.PublishAsync(context.SendEndpointProvider, failure, context.CancellationToken);
        LogMoved(failure.Reason, failure.Detail, failure.Retriable, known);
    }

    private static HostVolumeResizeFailed? Given(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RequestFailedException failed)
                return failed.Failure;
            if (e is AggregateException { InnerExceptions: [var single] })
                return Given(single);
        }

        return null;
    }

    /// <summary>
    /// The consumer never saw it (the body cannot be read) or something unexpected broke. The failure is published
    /// only where the request's volume id and host could be read.
    /// </summary>
    private (HostVolumeResizeFailed Failure, bool Known) Read(ExceptionReceiveContext context)
    {
        var body = RequestBody.Read(context.Body.GetBytes(), context.ContentType?.MediaType);
        var correlationId = Correlation.Of(context, body);
        var now = clock.GetUtcNow();
        var validation = body.Message is { } message ? validator.Validate(message) : null;
        var identity = validation?.Identity ?? RequestIdentity.Unknown;
        var known = identity is { VolumeId: not null, Host: not null };
        if (validation is { IsValid: false } rejected)
            return (OutcomeMessages.Rejected(rejected, options.Value.Host, correlationId, now), known);

        var (reason, detail, retriable) = body.Problem is { } problem
            ? (ResizeFailureReason.InvalidRequest, problem, false)
            : (ResizeFailureReason.CommandFailed, $"The worker failed unexpectedly: {context.Exception.GetBaseException().Message}", true);
        return (new HostVolumeResizeFailed(
            identity.VolumeId ?? "", identity.Host ?? options.Value.Host, identity.AttachmentId, identity.NewSizeBytes ?? 0,
            null, reason, detail, [], retriable, correlationId, now), known);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Moved to the error queue: {Reason}: {Detail} (retriable: {Retriable}, failure published: {Published})")]
    private partial void LogMoved(ResizeFailureReason reason, string detail, bool retriable, bool published);
}
