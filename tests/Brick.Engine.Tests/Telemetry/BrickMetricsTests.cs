using System.Diagnostics.Metrics;
using Brick.Engine.Telemetry;
using Brick.Engine.Tests.Support;

using Brick.Testing;
namespace Brick.Engine.Tests.Telemetry;

/// <summary>The meter <c>Brick.Worker</c>: its instruments, their kinds and units, and the tags each recording carries.</summary>
public sealed class BrickMetricsTests : IDisposable
{
    private readonly MetricRecorder _recorder = new();
    private readonly BrickMetrics _metrics;

    public BrickMetricsTests() => _metrics = new BrickMetrics(_recorder);

    public void Dispose()
    {
        _metrics.Dispose();
        _recorder.Dispose();
    }

    [Fact]
    public void The_meter_is_named_Brick_Worker_and_has_exactly_the_seven_documented_instruments()
    {
        Assert.Equal(
            [
                "brick.worker.multipathd.replies", "brick.worker.operation.duration", "brick.worker.operations.active",
                "brick.worker.replay.messages", "brick.worker.requests", "brick.worker.retries", "brick.worker.step.duration",
            ],
            _recorder.Instruments.Keys.Order(StringComparer.Ordinal));
        Assert.All(_recorder.Instruments.Values, i => Assert.Equal("Brick.Worker", i.Meter.Name));
    }

    [Fact]
    public void Each_instrument_has_the_kind_and_unit_OpenTelemetry_conventions_ask_for()
    {
        var instruments = _recorder.Instruments;
        Assert.IsType<Counter<long>>(instruments[BrickMetrics.Requests]);
        Assert.IsType<Counter<long>>(instruments[BrickMetrics.Retries]);
        Assert.IsType<Counter<long>>(instruments[BrickMetrics.MultipathdReplies]);
        Assert.IsType<Counter<long>>(instruments[BrickMetrics.ReplayMessages]);
        Assert.IsType<UpDownCounter<long>>(instruments[BrickMetrics.OperationsActive]);
        Assert.IsType<Histogram<double>>(instruments[BrickMetrics.OperationDuration]);
        Assert.IsType<Histogram<double>>(instruments[BrickMetrics.StepDuration]);
        Assert.Equal("s", instruments[BrickMetrics.OperationDuration].Unit);
        Assert.Equal("s", instruments[BrickMetrics.StepDuration].Unit);
        Assert.Equal("{request}", instruments[BrickMetrics.Requests].Unit);
    }

    [Fact]
    public void A_resized_request_counts_with_outcome_resized_and_no_reason()
    {
        _metrics.RequestResized();

        var one = Assert.Single(_recorder.Of(BrickMetrics.Requests));
        Assert.Equal(1, one.Value);
        Assert.Equal("resized", one.Tag("outcome"));
        Assert.False(one.Tags.ContainsKey("reason"));
    }

    [Fact]
    public void A_failed_request_counts_with_outcome_failed_and_its_reason()
    {
        _metrics.RequestFailed("RescanTimeout");
        _metrics.RequestFailed("RescanTimeout");
        _metrics.RequestFailed("InvalidRequest");

        Assert.Equal(2, _recorder.Sum(BrickMetrics.Requests, ("outcome", "failed"), ("reason", "RescanTimeout")));
        Assert.Equal(1, _recorder.Sum(BrickMetrics.Requests, ("outcome", "failed"), ("reason", "InvalidRequest")));
        Assert.Equal(0, _recorder.Sum(BrickMetrics.Requests, ("outcome", "resized")));
    }

    [Fact]
    public void Durations_are_recorded_in_seconds()
    {
        _metrics.OperationFinished(TimeSpan.FromMilliseconds(1500), succeeded: false);
        _metrics.StepFinished("wait-paths", TimeSpan.FromMilliseconds(250));

        var operation = Assert.Single(_recorder.Of(BrickMetrics.OperationDuration));
        Assert.Equal(1.5, operation.Value, 6);
        Assert.Equal("failed", operation.Tag("outcome"));
        var step = Assert.Single(_recorder.Of(BrickMetrics.StepDuration));
        Assert.Equal(0.25, step.Value, 6);
        Assert.Equal("wait-paths", step.Tag("step"));
    }

    [Fact]
    public void An_active_operation_counts_up_while_it_runs_and_down_once_however_often_it_is_ended()
    {
        var first = _metrics.OperationStarted();
        var second = _metrics.OperationStarted();
        Assert.Equal(2, _recorder.Sum(BrickMetrics.OperationsActive));

        first.Dispose();
        first.Dispose();
        Assert.Equal(1, _recorder.Sum(BrickMetrics.OperationsActive));
        second.Dispose();
        Assert.Equal(0, _recorder.Sum(BrickMetrics.OperationsActive));
    }

    [Fact]
    public void Retries_multipathd_replies_and_replayed_messages_carry_their_tag()
    {
        _metrics.Retried("RescanTimeout");
        _metrics.Retried(null);
        _metrics.MultipathdReplied("timeout");
        _metrics.ReplayMessage("moved");
        _metrics.ReplayMessage("invalid");

        Assert.Equal(2, _recorder.Sum(BrickMetrics.Retries));
        Assert.Equal(1, _recorder.Sum(BrickMetrics.Retries, ("reason", "RescanTimeout")));
        Assert.Equal(1, _recorder.Sum(BrickMetrics.MultipathdReplies, ("reply", "timeout")));
        Assert.Equal(1, _recorder.Sum(BrickMetrics.ReplayMessages, ("result", "moved")));
        Assert.Equal(1, _recorder.Sum(BrickMetrics.ReplayMessages, ("result", "invalid")));
    }
}
