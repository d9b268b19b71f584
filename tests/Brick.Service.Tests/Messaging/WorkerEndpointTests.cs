using Brick.Contracts;

namespace Brick.Service.Tests.Messaging;

/// <summary>The worker endpoint end to end in memory: each body read once by one reader, every failure named, consuming goes on.</summary>
public sealed class WorkerEndpointTests
{
    private const long GiB = 1L << 30;

    [Fact]
    public async Task An_envelope_from_a_MassTransit_publisher_grows_the_volume_and_HostVolumeResized_carries_its_correlation_id()
    {
        await using var worker = await InMemoryWorker.StartAsync();
        var volume = worker.Array.Volumes[0];
        var correlation = Guid.NewGuid();

        await worker.SendAsync(volume.Request(InMemoryWorker.ComputeHost, 20 * GiB), correlation);

        var resized = Assert.IsType<HostVolumeResized>(await worker.NextOutcomeAsync());
        Assert.Equal(20 * GiB, resized.NewSizeBytes);
        Assert.Equal(correlation.ToString(), resized.CorrelationId);
        Assert.Equal(20 * GiB, worker.Array.Host.SizeOf(volume.GuestDevice));
    }

    [Fact]
    public async Task A_raw_json_body_is_the_request_itself()
    {
        await using var worker = await InMemoryWorker.StartAsync();
        var loop = worker.Array.Volumes[1];

        await worker.SendRawAsync(System.Text.Json.JsonSerializer.Serialize(loop.Request(InMemoryWorker.ComputeHost, 2 * GiB), ContractJson.Options));

        var resized = Assert.IsType<HostVolumeResized>(await worker.NextOutcomeAsync());
        Assert.Equal("/dev/loop0", resized.DevicePath);
    }

    [Fact]
    public async Task A_request_for_another_host_is_published_as_Misrouted_and_runs_nothing()
    {
        await using var worker = await InMemoryWorker.StartAsync();
        var volume = worker.Array.Volumes[0];

        await worker.SendAsync(volume.Request("compute-08", 20 * GiB));

        var failed = Assert.IsType<HostVolumeResizeFailed>(await worker.NextOutcomeAsync());
        Assert.Equal(ResizeFailureReason.Misrouted, failed.Reason);
        Assert.False(failed.Retriable);
        Assert.Empty(worker.Engine.Requests);
    }

    [Fact]
    public async Task A_body_that_is_not_json_publishes_nothing_runs_nothing_and_the_next_request_still_succeeds()
    {
        await using var worker = await InMemoryWorker.StartAsync();
        var volume = worker.Array.Volumes[0];

        await worker.SendRawAsync("this is not JSON {");
        await worker.SendRawAsync("""{"host":"compute-07"}""");
        await worker.SendAsync(volume.Request(InMemoryWorker.ComputeHost, 20 * GiB));

        Assert.IsType<HostVolumeResized>(await worker.NextOutcomeAsync());
        Assert.Single(worker.Engine.Requests);
    }

    [Fact]
    public async Task A_bug_in_the_engine_is_published_as_a_retriable_failure_of_the_request_the_delivery_holds()
    {
        await using var worker = await InMemoryWorker.StartAsync();
        var volume = worker.Array.Volumes[0];
        worker.Engine.Breaks = true;

        await worker.SendAsync(volume.Request(InMemoryWorker.ComputeHost, 20 * GiB, volumeId: "vol-bug"));

        var failed = Assert.IsType<HostVolumeResizeFailed>(await worker.NextOutcomeAsync());
        Assert.Equal(("vol-bug", ResizeFailureReason.CommandFailed, true), (failed.VolumeId, failed.Reason, failed.Retriable));
        Assert.Contains("a bug in the engine", failed.Detail, StringComparison.Ordinal);
    }
}
