using System.Diagnostics;

namespace Brick.Engine.Telemetry;

/// <summary>
/// The worker's spans, on one <see cref="ActivitySource"/> named <see cref="SourceName"/>: one <see cref="OperationSpan"/>
/// per engine operation (one try of a request) and, under it, one span per step the operation ran, named as the
/// timeline names the step (<c>discover</c>, <c>rescan</c>, <c>wait-paths</c>, …). Plain <c>System.Diagnostics</c>:
/// whoever listens (OpenTelemetry's tracer, a test's <see cref="ActivityListener"/>) sees them; nobody listening, none
/// is created. <see cref="TracedVolumeExtender"/> records them.
/// </summary>
public static class BrickTracing
{
    /// <summary>The source's name, what a tracer subscribes to (the same name as the meter's).</summary>
    public const string SourceName = BrickMetrics.MeterName;

    /// <summary>The name of the span of one engine operation.</summary>
    public const string OperationSpan = "extend-volume";

    /// <summary>The volume id, on every span.</summary>
    public const string VolumeId = "brick.volume.id";

    /// <summary>The correlation id the outcome carries, on every span where the service knew it.</summary>
    public const string CorrelationId = "brick.correlation.id";

    /// <summary>The compute host the request names.</summary>
    public const string Host = "brick.host";

    /// <summary>The attachment id, where the request gave one.</summary>
    public const string AttachmentId = "brick.attachment.id";

    /// <summary>The step's name, on each step span.</summary>
    public const string Step = "brick.step";

    /// <summary>What the step found or did, or why it failed (the timeline's text).</summary>
    public const string StepResult = "brick.step.result";

    /// <summary><c>resized</c>|<c>failed</c> on the operation span; <c>ok</c>|<c>failed</c> on a step span.</summary>
    public const string Outcome = "brick.outcome";

    /// <summary>The failure reason (a <c>ResizeFailureReason</c> name) on a failed operation and on the step that failed.</summary>
    public const string Reason = "brick.reason";

    /// <summary>Whether the operation's failure may go away on a later try.</summary>
    public const string Retriable = "brick.retriable";

    /// <summary>The source every span of the worker's engine is started on.</summary>
    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>
    /// Marks <paramref name="span"/> (the service's: MassTransit's consume span) with a request's volume and correlation
    /// ids; the engine's spans under it copy the correlation id from there, since the engine itself never sees it.
    /// </summary>
    public static void TagRequest(Activity? span, string? volumeId, string? correlationId)
    {
        if (span is null)
            return;
        if (volumeId is not null)
            span.SetTag(VolumeId, volumeId);
        if (correlationId is not null)
            span.SetTag(CorrelationId, correlationId);
    }

    /// <summary>The correlation id on <paramref name="span"/> or the nearest of its ancestors in this process, or null.</summary>
    public static string? CorrelationIdOf(Activity? span)
    {
        for (var current = span; current is not null; current = current.Parent)
        {
            if (current.GetTagItem(CorrelationId) is string id)
                return id;
        }

        return null;
    }
}
