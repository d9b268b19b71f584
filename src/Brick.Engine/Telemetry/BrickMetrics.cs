using System.Diagnostics.Metrics;

namespace Brick.Engine.Telemetry;

/// <summary>
/// The worker's own instruments, on one meter named <see cref="MeterName"/>. Plain <c>System.Diagnostics.Metrics</c>:
/// whoever listens (OpenTelemetry's exporters, <c>dotnet-counters</c>, a test's <see cref="MeterListener"/>) sees them;
/// nobody listening costs next to nothing. The engine records its steps and multipathd's replies through
/// <see cref="MeteredVolumeExtender"/> and <see cref="MeteredCommandRunner"/>; the service records requests, retries and
/// replayed messages.
/// </summary>
public sealed class BrickMetrics : IDisposable
{
    /// <summary>The meter's name, what an exporter subscribes to.</summary>
    public const string MeterName = "Brick.Worker";

    /// <summary>Final outcomes of requests: <c>outcome</c> = <c>resized</c>|<c>failed</c>, <c>reason</c> on failures.</summary>
    public const string Requests = "brick.worker.requests";

    /// <summary>How long one engine operation took, in seconds; <c>outcome</c> = <c>resized</c>|<c>failed</c>.</summary>
    public const string OperationDuration = "brick.worker.operation.duration";

    /// <summary>How long one engine step took, in seconds; <c>step</c> = discover, rescan, wait-paths, resize-map, …</summary>
    public const string StepDuration = "brick.worker.step.duration";

    /// <summary>Tries of a request after a transient failure; <c>reason</c> = the failure that caused it.</summary>
    public const string Retries = "brick.worker.retries";

    /// <summary>multipathd's answers; <c>reply</c> = <c>ok</c>|<c>fail</c>|<c>timeout</c>|<c>other</c>, <c>via</c> = <c>program</c>|<c>socket</c>.</summary>
    public const string MultipathdReplies = "brick.worker.multipathd.replies";

    /// <summary>Engine operations running now.</summary>
    public const string OperationsActive = "brick.worker.operations.active";

    /// <summary>Messages a replay looked at, by <c>result</c> (moved, would-move, skipped, invalid, …).</summary>
    public const string ReplayMessages = "brick.worker.replay.messages";

    /// <summary>
    /// The buckets of both duration histograms, in seconds: from a step that only reads sysfs to an operation at its
    /// time limit (OpenTelemetry's default buckets, 0 to 10000, are meant for milliseconds).
    /// </summary>
    public static IReadOnlyList<double> DurationBuckets { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 180, 300, 600];

    private static readonly InstrumentAdvice<double> Seconds = new() { HistogramBucketBoundaries = DurationBuckets };

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _operationDuration;
    private readonly Histogram<double> _stepDuration;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _multipathdReplies;
    private readonly UpDownCounter<long> _operationsActive;
    private readonly Counter<long> _replayMessages;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/> (the host's), or on a meter of its own.</summary>
    public BrickMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _requests = _meter.CreateCounter<long>(Requests, "{request}",
            "Requests that reached a final outcome (HostVolumeResized or HostVolumeResizeFailed).");
        _operationDuration = _meter.CreateHistogram(OperationDuration, "s", "Duration of one engine operation on the host.", null, Seconds);
        _stepDuration = _meter.CreateHistogram(StepDuration, "s", "Duration of one step of an engine operation.", null, Seconds);
        _retries = _meter.CreateCounter<long>(Retries, "{retry}", "Tries of a request after a transient failure.");
        _multipathdReplies = _meter.CreateCounter<long>(MultipathdReplies, "{reply}", "Replies of multipathd to the worker's commands.");
        _operationsActive = _meter.CreateUpDownCounter<long>(OperationsActive, "{operation}", "Engine operations running now.");
        _replayMessages = _meter.CreateCounter<long>(ReplayMessages, "{message}", "Messages a replay looked at, by what it did with them.");
    }

    /// <summary>A request ended with <c>HostVolumeResized</c>.</summary>
    public void RequestResized() => _requests.Add(1, new KeyValuePair<string, object?>("outcome", "resized"));

    /// <summary>A request ended with <c>HostVolumeResizeFailed</c> for <paramref name="reason"/> (a <c>ResizeFailureReason</c> name).</summary>
    public void RequestFailed(string reason) =>
        _requests.Add(1, new KeyValuePair<string, object?>("outcome", "failed"), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>An engine operation ended after <paramref name="duration"/>.</summary>
    public void OperationFinished(TimeSpan duration, bool succeeded) =>
        _operationDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", succeeded ? "resized" : "failed"));

    /// <summary>An engine step ended after <paramref name="duration"/>.</summary>
    public void StepFinished(string step, TimeSpan duration) =>
        _stepDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("step", step));

    /// <summary>A request is tried again after a transient failure, for <paramref name="reason"/> where it is known.</summary>
    public void Retried(string? reason)
    {
        if (reason is null)
            _retries.Add(1);
        else
            _retries.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>
    /// multipathd answered; <paramref name="reply"/> is one of <see cref="MultipathdReplyKinds"/>, <paramref name="via"/>
    /// how it was asked: <c>program</c> (a <c>multipathd</c> process) or <c>socket</c> (its socket, no process).
    /// </summary>
    public void MultipathdReplied(string reply, string via = "program") => _multipathdReplies.Add(1,
        new KeyValuePair<string, object?>("reply", reply), new KeyValuePair<string, object?>("via", via));

    /// <summary>An engine operation starts; disposing the result marks its end.</summary>
    public IDisposable OperationStarted()
    {
        _operationsActive.Add(1);
        return new ActiveOperation(_operationsActive);
    }

    /// <summary>A replay did <paramref name="result"/> with one message.</summary>
    public void ReplayMessage(string result) => _replayMessages.Add(1, new KeyValuePair<string, object?>("result", result));

    /// <summary>The values of the <c>reply</c> tag of <see cref="MultipathdReplies"/>.</summary>
    public static IReadOnlyList<string> MultipathdReplyKinds { get; } = ["ok", "fail", "timeout", "other"];

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
            _meter.Dispose();
    }

    private sealed class ActiveOperation(UpDownCounter<long> active) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
                active.Add(-1);
        }
    }
}
