using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Brick.Engine.Telemetry;

namespace Brick.Benchmarks;

/// <summary>
/// Where the worker's time goes: every engine step and whole operation recorded on the <c>Brick.Worker</c> meter while
/// it listens, so that a latency figure comes with its breakdown (the part the broker takes is the rest).
/// </summary>
public sealed class StepTimes : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ActivityListener _activities;
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _seconds = new(StringComparer.Ordinal);

    public StepTimes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == BrickMetrics.MeterName && instrument.Name is BrickMetrics.StepDuration or BrickMetrics.OperationDuration)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var name = instrument.Name == BrickMetrics.OperationDuration ? "operation" : "step";
            foreach (var tag in tags)
            {
                if (tag.Key == "step")
                    name = $"step {tag.Value}";
            }

            _seconds.GetOrAdd(name, _ => []).Add(value);
        });
        _listener.Start();

        // MassTransit's own spans (receive, consume, send): the part of the time spent in the bus, not the engine.
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "MassTransit",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => _seconds.GetOrAdd($"bus {activity.OperationName}", _ => []).Add(activity.Duration.TotalSeconds),
        };
        ActivitySource.AddActivityListener(_activities);
    }

    /// <summary>One line per step: its count and its median in milliseconds, the whole operation first.</summary>
    public string Summary() => string.Join("; ", _seconds.OrderBy(p => p.Key == "operation" ? "" : p.Key, StringComparer.Ordinal)
        .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} ×{p.Value.Count} p50 {Percentiles.Of(p.Value.Select(s => s * 1000).ToList(), 50):0.##} ms")));

    public void Dispose()
    {
        _listener.Dispose();
        _activities.Dispose();
    }
}
