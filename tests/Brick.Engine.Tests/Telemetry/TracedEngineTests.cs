using System.Collections.Concurrent;
using System.Diagnostics;
using Brick.Engine.Operations;
using Brick.Engine.Requests;
using Brick.Engine.Telemetry;
using Brick.Engine.Tests.Support;
using Brick.Simulation.Devices;
using Brick.Simulation.Hosts;
using Brick.Simulation.Multipathd;
using Microsoft.Extensions.Logging.Abstractions;
using static Brick.Testing.Sizes;

namespace Brick.Engine.Tests.Telemetry;

/// <summary>
/// The engine's spans, taken by the traced engine around the production engine on a simulated host, under a span of
/// the test's own that stands for MassTransit's consume span (tagged with the correlation id as the service tags it).
/// </summary>
[Collection(ProcessWideState.Name)]
public sealed class TracedEngineTests : IAsyncLifetime
{
    private const string ConsumerSourceName = "Brick.Engine.Tests.Consumer";

    // The listener matches this source by name, never by reference: the source's constructor calls the listener back,
    // and if that is the first touch of this static (it is lazy) the field still reads null there, so a reference
    // comparison is false and the source is never listened to (the consume span was then null, once in CI).
    private static readonly ActivitySource Consumer = new(ConsumerSourceName);

    private readonly ConcurrentQueue<Activity> _ended = new();
    private readonly SimulatedHost _host = SimulatedHost.Create();
    private readonly string _volumeId = $"vol-{Guid.NewGuid():N}";
    private ActivityListener _listener = null!;
    private TracedVolumeExtender _engine = null!;
    private SimulatedVolume _volume = null!;

    public ValueTask InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is BrickTracing.SourceName or ConsumerSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ended.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        _engine = new TracedVolumeExtender(new VolumeExtender(_host.Roots, SimulatedHost.Commands, _host.CreateCommandRunner(null),
            SimulatedEngine.FastOptions, TimeProvider.System, NullLogger<VolumeExtender>.Instance));
        _volume = _host.AddIscsiVolume(10 * GiB, paths: 2, multipath: true);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Each_step_is_a_span_under_the_operation_with_the_volume_and_correlation_ids()
    {
        _volume.Lun.Grow(20 * GiB);

        var (consume, outcome) = await ExtendUnderConsumeAsync("corr-42");

        Assert.True(outcome.Succeeded, outcome.Detail);
        var operation = Assert.Single(Mine(), a => a.OperationName == BrickTracing.OperationSpan);
        Assert.Equal(consume.SpanId, operation.ParentSpanId);
        Assert.Equal("resized", operation.GetTagItem(BrickTracing.Outcome));
        var steps = Mine().Where(a => a.ParentSpanId == operation.SpanId).OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal(outcome.Steps.Select(s => s.Name), steps.Select(s => s.OperationName));
        Assert.Contains("resize-map", steps.Select(s => s.OperationName));
        foreach (var span in steps.Append(operation))
        {
            Assert.Equal(_volumeId, span.GetTagItem(BrickTracing.VolumeId));
            Assert.Equal("corr-42", span.GetTagItem(BrickTracing.CorrelationId));
            Assert.Equal(operation.TraceId, span.TraceId);
        }

        foreach (var (span, record) in steps.Zip(outcome.Steps))
        {
            Assert.Equal(record.Name, span.GetTagItem(BrickTracing.Step));
            Assert.Equal("ok", span.GetTagItem(BrickTracing.Outcome));
            Assert.Equal(record.Duration, span.Duration);
            Assert.InRange(span.StartTimeUtc, operation.StartTimeUtc, operation.StartTimeUtc + operation.Duration);
        }
    }

    [Fact]
    public async Task The_step_that_failed_carries_the_reason_and_an_error_status_and_so_does_the_operation()
    {
        _volume.Lun.Grow(20 * GiB);
        _host.Multipathd.Then(MultipathdReply.Fail);

        var (_, outcome) = await ExtendUnderConsumeAsync("corr-43");

        Assert.False(outcome.Succeeded);
        var operation = Assert.Single(Mine(), a => a.OperationName == BrickTracing.OperationSpan);
        Assert.Equal(ActivityStatusCode.Error, operation.Status);
        Assert.Equal("failed", operation.GetTagItem(BrickTracing.Outcome));
        Assert.Equal("MultipathResizeFailed", operation.GetTagItem(BrickTracing.Reason));
        var failed = Assert.Single(Mine(), a => a.ParentSpanId == operation.SpanId && a.Status == ActivityStatusCode.Error);
        Assert.Equal("resize-map", failed.OperationName);
        Assert.Equal("failed", failed.GetTagItem(BrickTracing.Outcome));
        Assert.Equal("MultipathResizeFailed", failed.GetTagItem(BrickTracing.Reason));
        Assert.All(Mine().Where(a => a.ParentSpanId == operation.SpanId && a != failed), a => Assert.Equal("ok", a.GetTagItem(BrickTracing.Outcome)));
    }

    [Fact]
    public async Task Without_a_correlation_id_above_it_the_spans_carry_none()
    {
        _volume.Lun.Grow(20 * GiB);

        await _engine.ExtendAsync(Validate(20 * GiB), TestContext.Current.CancellationToken);

        Assert.NotEmpty(Mine());
        Assert.All(Mine(), a => Assert.Null(a.GetTagItem(BrickTracing.CorrelationId)));
    }

    [Fact]
    public async Task Nobody_listening_no_span_is_made_and_the_engine_runs_as_before()
    {
        _listener.Dispose();
        _volume.Lun.Grow(20 * GiB);

        var outcome = await _engine.ExtendAsync(Validate(20 * GiB), TestContext.Current.CancellationToken);

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Empty(Mine());
    }

    private async Task<(Activity Consume, Brick.Engine.Outcomes.ExtendOutcome Outcome)> ExtendUnderConsumeAsync(string correlationId)
    {
        using var consume = Consumer.StartActivity("consume")!;
        BrickTracing.TagRequest(consume, _volumeId, correlationId);
        var outcome = await _engine.ExtendAsync(Validate(20 * GiB), TestContext.Current.CancellationToken);
        return (consume, outcome);
    }

    /// <summary>The spans of this test's volume (other tests may run the engine at the same time).</summary>
    private List<Activity> Mine() =>
        [.. _ended.Where(a => a.Source.Name == BrickTracing.SourceName && (string?)a.GetTagItem(BrickTracing.VolumeId) == _volumeId)];

    private ExtendRequest Validate(long size)
    {
        var validation = new RequestValidator(SimulatedEngine.HostName).Validate(
            System.Text.Json.JsonSerializer.SerializeToElement(_volume.Request(SimulatedEngine.HostName, size, volumeId: _volumeId),
                Brick.Contracts.ContractJson.Options));
        Assert.True(validation.IsValid, validation.Detail);
        return validation.Request!;
    }
}
