using Brick.Contracts;
using Brick.Engine.Telemetry;

namespace Brick.Service.Tests.Messaging;

/// <summary>The service's composition measures what it does: requests by outcome, the engine and multipathd under a simulated host, retries.</summary>
public sealed class ServiceMetricsTests
{
    private const long GiB = 1L << 30;

    [Fact]
    public async Task A_run_of_the_service_counts_each_request_by_its_outcome_and_meters_the_simulated_engine()
    {
        await using var worker = await InMemoryWorker.StartAsync();
        var volume = worker.Array.Volumes[0];

        await worker.SendAsync(volume.Request(InMemoryWorker.ComputeHost, 20 * GiB));
        Assert.IsType<HostVolumeResized>(await worker.NextOutcomeAsync());
        await worker.SendAsync(volume.Request("another-host", 20 * GiB));
        Assert.IsType<HostVolumeResizeFailed>(await worker.NextOutcomeAsync());

        var metrics = worker.Metrics;
        await CountedAsync(() => metrics.Sum(BrickMetrics.Requests) == 2);
        Assert.Equal(1, metrics.Sum(BrickMetrics.Requests, ("outcome", "resized")));
        Assert.Equal(1, metrics.Sum(BrickMetrics.Requests, ("outcome", "failed"), ("reason", nameof(ResizeFailureReason.Misrouted))));
        Assert.Single(metrics.Of(BrickMetrics.OperationDuration));
        Assert.NotEmpty(metrics.Of(BrickMetrics.StepDuration));
        Assert.True(metrics.Sum(BrickMetrics.MultipathdReplies, ("reply", "ok")) >= 1, "the simulated multipathd's replies are counted");
        Assert.Equal(0, metrics.Sum(BrickMetrics.OperationsActive));
    }

    [Fact]
    public async Task With_RetryLimit_0_a_transient_failure_goes_to_the_error_queue_with_its_own_reason_at_the_first_try()
    {
        await using var worker = await InMemoryWorker.StartAsync(new Dictionary<string, string?> { ["Brick:RetryLimit"] = "0" });
        worker.Engine.FailsTransiently = ResizeFailureReason.RescanTimeout;

        await worker.SendAsync(worker.Array.Volumes[0].Request(InMemoryWorker.ComputeHost, 20 * GiB, volumeId: "vol-slow"));

        var failed = Assert.IsType<HostVolumeResizeFailed>(await worker.NextOutcomeAsync());
        Assert.Equal(("vol-slow", ResizeFailureReason.RescanTimeout, true, "not this time"), (failed.VolumeId, failed.Reason, failed.Retriable, failed.Detail));
        await CountedAsync(() => worker.Metrics.Sum(BrickMetrics.Requests) == 1);
        Assert.Single(worker.Engine.Requests);
        Assert.Equal(0, worker.Metrics.Sum(BrickMetrics.Retries));
        Assert.Equal(1, worker.Metrics.Sum(BrickMetrics.Requests, ("outcome", "failed"), ("reason", nameof(ResizeFailureReason.RescanTimeout))));
    }

    [Fact]
    public async Task Each_retry_of_a_transient_failure_is_counted_with_its_reason()
    {
        await using var worker = await InMemoryWorker.StartAsync(new Dictionary<string, string?>
        {
            ["Brick:RetryLimit"] = "2",
            ["Brick:RetryInitialDelay"] = "00:00:00.010",
            ["Brick:RetryMaxDelay"] = "00:00:00.020",
        });
        worker.Engine.FailsTransiently = ResizeFailureReason.RescanTimeout;

        await worker.SendAsync(worker.Array.Volumes[0].Request(InMemoryWorker.ComputeHost, 20 * GiB));

        Assert.Equal(ResizeFailureReason.RescanTimeout, Assert.IsType<HostVolumeResizeFailed>(await worker.NextOutcomeAsync()).Reason);
        await CountedAsync(() => worker.Metrics.Sum(BrickMetrics.Requests) == 1);
        Assert.Equal(3, worker.Engine.Requests.Count);
        Assert.Equal(2, worker.Metrics.Sum(BrickMetrics.Retries, ("reason", nameof(ResizeFailureReason.RescanTimeout))));
    }

    /// <summary>The outcome is published before the request is counted: waits (at most 10 s) for the count.</summary>
    private static async Task CountedAsync(Func<bool> counted)
    {
        for (var waited = 0; !counted() && waited < 10_000; waited += 20)
            await Task.Delay(20, TestContext.Current.CancellationToken);
    }
}
