using System.Text.Json.Nodes;
using Brick.Engine.Operations;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Brick.Worker.Messaging;

/// <summary>
/// Takes one <c>VolumeExtended</c> (raw JSON or a MassTransit envelope; consumed as <see cref="JsonObject"/> so that no
/// typed deserialization can reject it first), validates it, runs the engine and publishes <c>HostVolumeResized</c>.
/// A failure is thrown as <see cref="RequestFailedException"/> (permanent) or <see cref="TransientFailureException"/>
/// (retried by the endpoint's retry policy); the error pipe publishes it. The message is acknowledged only after the
/// outcome is published and confirmed.
/// </summary>
public sealed partial class VolumeExtendedConsumer(
    RequestValidator validator, VolumeExtender engine, OutcomePublisher publisher, TimeProvider clock, ILogger<VolumeExtendedConsumer> logger,
    IBeforeExtend? before = null)
    : IConsumer<JsonObject>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<JsonObject> context)
    {
        var body = RequestBody.Read(context.ReceiveContext.Body.GetBytes(), context.ReceiveContext.ContentType?.MediaType);
        var correlationId = Correlation.Of(context.ReceiveContext, body);
        var validation = body.Message is { } message ? validator.Validate(message) : null;
        var identity = validation?.Identity ?? RequestIdentity.Unknown;
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["VolumeId"] = identity.VolumeId,
            ["Host"] = identity.Host,
            ["AttachmentId"] = identity.AttachmentId,
            ["CorrelationId"] = correlationId,
        });

        if (validation is null)
            throw new InvalidDataException(body.Problem);
        if (validation.Request is not { } request)
            throw new RequestFailedException(OutcomeMessages.Rejected(validation, validator.HostName, correlationId, clock.GetUtcNow()));

        LogStarting(request.NewSizeBytes, request.Target.DriverVolumeType, context.GetRetryAttempt());
        before?.Before(request);
        var outcome = await engine.ExtendAsync(request, context.CancellationToken);
        if (!outcome.Succeeded)
        {
            var failure = OutcomeMessages.Failed(request, outcome, correlationId, clock.GetUtcNow());
            LogTryFailed(failure.Reason, failure.Detail, outcome.Retriable);
            throw outcome.Retriable ? new TransientFailureException(failure) : new RequestFailedException(failure);
        }

        await publisher.PublishAsync(context, OutcomeMessages.Resized(request, outcome, correlationId, clock.GetUtcNow()), context.CancellationToken);
        LogPublished(outcome.SizeBytes, outcome.DevicePath);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Extending to {NewSizeBytes} bytes ({DriverVolumeType}, retry {Retry})")]
    private partial void LogStarting(long newSizeBytes, string driverVolumeType, int retry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This try failed: {Reason}: {Detail} (transient: {Transient})")]
    private partial void LogTryFailed(Brick.Contracts.ResizeFailureReason reason, string detail, bool transient);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published HostVolumeResized: {SizeBytes} bytes on {DevicePath}")]
    private partial void LogPublished(long? sizeBytes, string? devicePath);
}
