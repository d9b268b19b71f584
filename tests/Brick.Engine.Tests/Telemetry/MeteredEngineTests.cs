using Brick.Engine.Operations;
using Brick.Engine.Outcomes;
using Brick.Engine.Programs;
using Brick.Engine.Requests;
using Brick.Engine.Telemetry;
using Brick.Engine.Tests.Support;
using Brick.Simulation.Devices;
using Brick.Simulation.Hosts;
using Brick.Simulation.StandIns;
using Brick.Simulation.Multipathd;
using Brick.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using static Brick.Testing.Sizes;

namespace Brick.Engine.Tests.Telemetry;

/// <summary>The engine's measurements, taken by the metered engine and runner around the production engine on a simulated host.</summary>
public sealed class MeteredEngineTests : IAsyncLifetime
{
    private readonly MetricRecorder _recorder = new();
    private readonly SimulatedHost _host = SimulatedHost.Create();
    private BrickMetrics _metrics = null!;
    private MeteredVolumeExtender _engine = null!;
    private SimulatedVolume _volume = null!;

    public ValueTask InitializeAsync()
    {
        _metrics = new BrickMetrics(_recorder);
        var runner = new MeteredCommandRunner(_host.CreateCommandRunner(null), SimulatedHost.Commands, _metrics);
        _engine = new MeteredVolumeExtender(
            new VolumeExtender(_host.Roots, SimulatedHost.Commands, runner, SimulatedEngine.FastOptions, TimeProvider.System,
                NullLogger<VolumeExtender>.Instance),
            _metrics);
        _volume = _host.AddIscsiVolume(10 * GiB, paths: 2, multipath: true);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _metrics.Dispose();
        _recorder.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Multipathd_s_replies_are_counted_with_the_way_they_came_socket_or_program()
    {
        _volume.Lun.Grow(15 * GiB);
        Assert.True((await ExtendAsync(15 * GiB)).Succeeded);
        await using (_host.ServeMultipathdSocket())
        {
            _volume.Lun.Grow(20 * GiB);
            _host.Multipathd.Then(MultipathdReply.Timeout);
            Assert.True((await ExtendAsync(20 * GiB)).Succeeded);
        }

        Assert.Equal(1, _recorder.Sum(BrickMetrics.MultipathdReplies, ("reply", "ok"), ("via", "program")));
        Assert.Equal(1, _recorder.Sum(BrickMetrics.MultipathdReplies, ("reply", "timeout"), ("via", "socket")));
        Assert.Equal(1, _recorder.Sum(BrickMetrics.MultipathdReplies, ("reply", "ok"), ("via", "socket")));
        Assert.Equal(3, _recorder.Sum(BrickMetrics.MultipathdReplies));
    }

    [Fact]
    public async Task A_multipath_resize_records_each_step_the_operation_and_multipathd_answering_timeout_twice_then_ok()
    {
        _volume.Lun.Grow(20 * GiB);
        _host.Multipathd.Then(MultipathdReply.Timeout, MultipathdReply.Timeout);

        var outcome = await ExtendAsync(20 * GiB);

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(2, _recorder.Sum(BrickMetrics.MultipathdReplies, ("reply", "timeout")));
        Assert.Equal(1, _recorder.Sum(BrickMetrics.MultipathdReplies, ("reply", "ok")));
        var steps = _recorder.Of(BrickMetrics.StepDuration);
        Assert.Equal(outcome.Steps.Select(s => s.Name), steps.Select(s => s.Tag("step")));
        Assert.Contains(steps, s => s.Tag("step") == "resize-map" && s.Value > 0);
        var operation = Assert.Single(_recorder.Of(BrickMetrics.OperationDuration));
        Assert.Equal("resized", operation.Tag("outcome"));
        Assert.Equal(outcome.Elapsed.TotalSeconds, operation.Value, 6);
        Assert.Equal(0, _recorder.Sum(BrickMetrics.OperationsActive));
    }

    [Fact]
    public async Task Multipathd_answering_fail_is_counted_as_fail_and_the_operation_as_failed()
    {
        _volume.Lun.Grow(20 * GiB);
        _host.Multipathd.Then(MultipathdReply.Fail);

        var outcome = await ExtendAsync(20 * GiB);

        Assert.False(outcome.Succeeded);
        Assert.Equal(1, _recorder.Sum(BrickMetrics.MultipathdReplies, ("reply", "fail")));
        Assert.Equal("failed", Assert.Single(_recorder.Of(BrickMetrics.OperationDuration)).Tag("outcome"));
    }

    [Fact]
    public async Task An_operation_counts_as_active_while_it_runs()
    {
        var release = new TaskCompletionSource<ExtendOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = new MeteredVolumeExtender(new Waiting(release.Task), _metrics);
        var request = Validate(20 * GiB);

        var running = engine.ExtendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(1, _recorder.Sum(BrickMetrics.OperationsActive));
        release.SetResult(new ExtendOutcome(true, null, null, false, null, null, null, [], [], TimeSpan.FromSeconds(2)));
        await running;

        Assert.Equal(0, _recorder.Sum(BrickMetrics.OperationsActive));
    }

    [Fact]
    public async Task Requests_answered_together_by_one_operation_record_that_operation_once()
    {
        _volume.Lun.Grow(20 * GiB);
        var shared = await new VolumeExtender(_host.Roots, SimulatedHost.Commands, _host.CreateCommandRunner(null), SimulatedEngine.FastOptions,
            TimeProvider.System, NullLogger<VolumeExtender>.Instance).ExtendAsync(Validate(20 * GiB), TestContext.Current.CancellationToken);
        Assert.True(shared.Succeeded, shared.Detail);
        var engine = new MeteredVolumeExtender(new Waiting(Task.FromResult(shared)), _metrics);

        for (var i = 0; i < 3; i++)
            Assert.Same(shared, await engine.ExtendAsync(Validate(20 * GiB), TestContext.Current.CancellationToken));

        Assert.Single(_recorder.Of(BrickMetrics.OperationDuration));
        Assert.Equal(shared.Steps.Count, _recorder.Of(BrickMetrics.StepDuration).Count);
    }

    [Fact]
    public async Task A_cancelled_operation_is_no_longer_active()
    {
        var engine = new MeteredVolumeExtender(new Waiting(Task.Delay(Timeout.Infinite, TestContext.Current.CancellationToken)
            .ContinueWith(_ => (ExtendOutcome)null!, TaskScheduler.Default)), _metrics);
        using var cancel = new CancellationTokenSource();
        var running = engine.ExtendAsync(Validate(20 * GiB), cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal(0, _recorder.Sum(BrickMetrics.OperationsActive));
        Assert.Empty(_recorder.Of(BrickMetrics.OperationDuration));
    }

    [Theory]
    [InlineData("ok\n", false, "ok")]
    [InlineData("OK\n", false, "ok")]
    [InlineData("fail\n", false, "fail")]
    [InlineData("timeout\n", false, "timeout")]
    [InlineData("", true, "timeout")]
    [InlineData("ok\n", true, "timeout")]
    [InlineData("", false, "other")]
    [InlineData("fail (no such map)\n", false, "other")]
    public void A_multipathd_reply_is_read_as_the_engine_reads_it(string stdout, bool timedOut, string expected) =>
        Assert.Equal(expected, MeteredCommandRunner.ReplyOf(new CommandResult(timedOut ? -1 : 0, stdout, "", TimeSpan.Zero, timedOut)));

    [Fact]
    public async Task Programs_other_than_multipathd_are_not_counted_as_replies()
    {
        var runner = new MeteredCommandRunner(_host.CreateCommandRunner(null), SimulatedHost.Commands, _metrics);

        await runner.RunAsync(new CommandSpec(SimulatedHost.Commands.Cryptsetup, ["resize", "nothing"], TimeSpan.FromSeconds(1)),
            TestContext.Current.CancellationToken);

        Assert.Empty(_recorder.Of(BrickMetrics.MultipathdReplies));
    }

    private Task<ExtendOutcome> ExtendAsync(long size) => _engine.ExtendAsync(Validate(size), TestContext.Current.CancellationToken);

    private ExtendRequest Validate(long size)
    {
        var validation = new RequestValidator(SimulatedEngine.HostName).Validate(
            System.Text.Json.JsonSerializer.SerializeToElement(_volume.Request(SimulatedEngine.HostName, size), Brick.Contracts.ContractJson.Options));
        Assert.True(validation.IsValid, validation.Detail);
        return validation.Request!;
    }

    private sealed class Waiting(Task<ExtendOutcome> outcome) : IVolumeExtender
    {
        public async Task<ExtendOutcome> ExtendAsync(ExtendRequest request, CancellationToken cancellationToken) =>
            await outcome.WaitAsync(cancellationToken);
    }
}
