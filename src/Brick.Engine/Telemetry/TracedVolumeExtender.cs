using System.Diagnostics;
using Brick.Engine.Operations;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;

namespace Brick.Engine.Telemetry;

/// <summary>
/// Records an engine operation as spans, around any <see cref="IVolumeExtender"/>: the operation's span
/// (<see cref="BrickTracing.OperationSpan"/>, a child of the current span: MassTransit's consume span in the service)
/// while it runs, and under it one span per step, written from the outcome's own timeline when the operation ends (the
/// engine's clock, as the step metrics; the flow itself knows nothing of tracing). Each carries the volume id and the
/// correlation id (<see cref="BrickTracing.TagRequest"/>); a failed operation and its failed step carry the reason and
/// an error status.
/// </summary>
public sealed class TracedVolumeExtender(IVolumeExtender inner) : IVolumeExtender
{
    /// <inheritdoc />
    public async Task<ExtendOutcome> ExtendAsync(ExtendRequest request, CancellationToken cancellationToken)
    {
        using var operation = BrickTracing.Source.StartActivity(BrickTracing.OperationSpan);
        if (operation is null)
            return await inner.ExtendAsync(request, cancellationToken);

        var correlationId = BrickTracing.CorrelationIdOf(operation.Parent);
        Identify(operation, request, correlationId);
        ExtendOutcome outcome;
        try
        {
            outcome = await inner.ExtendAsync(request, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            operation.SetStatus(ActivityStatusCode.Error, "cancelled");
            throw;
        }

        RecordSteps(operation, request, correlationId, outcome);
        operation.SetTag(BrickTracing.Outcome, outcome.Succeeded ? "resized" : "failed");
        if (!outcome.Succeeded)
        {
            operation.SetTag(BrickTracing.Reason, outcome.Reason?.ToString());
            operation.SetTag(BrickTracing.Retriable, outcome.Retriable);
            operation.SetStatus(ActivityStatusCode.Error, outcome.Detail);
        }

        return outcome;
    }

    /// <summary>
    /// One span per step under <paramref name="operation"/> (the current span here), placed on the wall clock by counting
    /// back from now: the timeline's times are offsets from the operation's start as the engine saw it.
    /// </summary>
    private static void RecordSteps(Activity operation, ExtendRequest request, string? correlationId, ExtendOutcome outcome)
    {
        var origin = DateTimeOffset.UtcNow - outcome.Elapsed;
        var earliest = new DateTimeOffset(operation.StartTimeUtc, TimeSpan.Zero);
        foreach (var step in outcome.Steps)
        {
            var start = origin + step.Start < earliest ? earliest : origin + step.Start;
            using var span = BrickTracing.Source.StartActivity(step.Name, ActivityKind.Internal, parentContext: default, startTime: start);
            if (span is null)
                continue;
            Identify(span, request, correlationId);
            span.SetTag(BrickTracing.Step, step.Name);
            span.SetTag(BrickTracing.StepResult, step.Result);
            span.SetTag(BrickTracing.Outcome, step.Succeeded ? "ok" : "failed");
            if (!step.Succeeded)
            {
                span.SetTag(BrickTracing.Reason, outcome.Reason?.ToString());
                span.SetStatus(ActivityStatusCode.Error, step.Result);
            }

            span.SetEndTime((start + step.Duration).UtcDateTime);
        }
    }

    private static void Identify(Activity span, ExtendRequest request, string? correlationId)
    {
        span.SetTag(BrickTracing.VolumeId, request.VolumeId);
        span.SetTag(BrickTracing.Host, request.Host);
        if (request.AttachmentId is not null)
            span.SetTag(BrickTracing.AttachmentId, request.AttachmentId);
        if (correlationId is not null)
            span.SetTag(BrickTracing.CorrelationId, correlationId);
    }
}
