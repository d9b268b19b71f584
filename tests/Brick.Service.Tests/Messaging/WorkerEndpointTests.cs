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
    public async Task A_request_for_another_host_is_published_as_Misrouted_under_this_host_naming_the_intended_one_and_runs_nothing()
    {
        await using var worker = await InMemoryWorker.StartAsync();
        var volume = worker.Array.Volumes[0];

        await worker.SendAsync(volume.Request("compute-08", 20 * GiB));

        var failed = Assert.IsType<HostVolumeResizeFailed>(await worker.NextOutcomeAsync());
        Assert.Equal(ResizeFailureReason.Misrouted, failed.Reason);
        Assert.Equal(InMemoryWorker.ComputeHost, failed.Host);
        Assert.Equal(InMemoryWorker.ComputeHost, worker.LastRoutingKey);
        Assert.Contains("compute-08", failed.Detail, StringComparison.Ordinal);
        Assert.False(failed.Retriable);
        Assert.Empty(worker.Engine.Requests);
    }

    [Fact]
    public async Task A_request_of_another_content_type_gets_an_InvalidRequest_outcome_naming_its_volume_and_runs_nothing()
    {
        await using var worker = await InMemoryWorker.StartAsync();
        var volume = worker.Array.Volumes[0];
        var body = System.Text.Json.JsonSerializer.Serialize(volume.Request(InMemoryWorker.ComputeHost, 20 * GiB, volumeId: "vol-text"), ContractJson.Options);

        await worker.SendRawAsync(body, "text/plain");

        var failed = Assert.IsType<HostVolumeResizeFailed>(await worker.NextOutcomeAsync());
        Assert.Equal(("vol-text", ResizeFailureReason.InvalidRequest), (failed.VolumeId, failed.Reason));
        Assert.Contains("text/plain is not accepted", failed.Detail, StringComparison.Ordinal);
        Assert.Empty(worker.Engine.Requests);
    }

    [Theory]
    [InlineData("text/plain; x")]
    [InlineData("application/xml; charset=\"")]
    [InlineData("(")]
    [InlineData("application/json\n")]
    public async Task A_content_type_no_parser_takes_is_refused_not_read_as_raw_json_and_runs_nothing(string contentType)
    {
        // MassTransit reads such a content type as none at all; the worker reads the one delivered.
        await using var worker = await InMemoryWorker.StartAsync();
        var volume = worker.Array.Volumes[0];
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(volume.Request(InMemoryWorker.ComputeHost, 20 * GiB, volumeId: "vol-ct"), ContractJson.Options);

        await worker.SendDeliveredAsync(body, contentType, Guid.NewGuid());

        var failed = Assert.IsType<HostVolumeResizeFailed>(await worker.NextOutcomeAsync());
        Assert.Equal(("vol-ct", ResizeFailureReason.InvalidRequest), (failed.VolumeId, failed.Reason));
        Assert.Contains("is not accepted", failed.Detail, StringComparison.Ordinal);
        Assert.Empty(worker.Engine.Requests);
    }

    [Fact]
    public async Task A_request_with_no_content_type_at_all_is_raw_json()
    {
        await using var worker = await InMemoryWorker.StartAsync();
        var loop = worker.Array.Volumes[1];
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(loop.Request(InMemoryWorker.ComputeHost, 2 * GiB), ContractJson.Options);

        await worker.SendDeliveredAsync(body, contentType: null, Guid.NewGuid());

        Assert.IsType<HostVolumeResized>(await worker.NextOutcomeAsync());
    }

    [Fact]
    public async Task A_request_with_a_key_given_twice_is_InvalidRequest_and_runs_nothing()
    {
        await using var worker = await InMemoryWorker.StartAsync();
        var volume = worker.Array.Volumes[0];
        var body = System.Text.Json.JsonSerializer.Serialize(volume.Request(InMemoryWorker.ComputeHost, 20 * GiB), ContractJson.Options);

        await worker.SendRawAsync(body[..^1] + ",\"newSizeBytes\":1073741824}");
        await worker.SendAsync(volume.Request(InMemoryWorker.ComputeHost, 20 * GiB, volumeId: "vol-next"));

        var resized = Assert.IsType<HostVolumeResized>(await worker.NextOutcomeAsync());
        Assert.Equal("vol-next", resized.VolumeId);
        Assert.Equal(["vol-next"], worker.Engine.Requests.Select(r => r.VolumeId));
    }

    [Fact]
    public async Task A_body_over_MaxMessageBytes_is_refused_before_it_is_parsed()
    {
        await using var worker = await InMemoryWorker.StartAsync(new Dictionary<string, string?> { ["Brick:MaxMessageBytes"] = "4096" });
        var volume = worker.Array.Volumes[0];
        var request = volume.Request(InMemoryWorker.ComputeHost, 20 * GiB, volumeId: "vol-big");

        await worker.SendRawAsync(System.Text.Json.JsonSerializer.Serialize(request, ContractJson.Options) + new string(' ', 4096));
        await worker.SendAsync(volume.Request(InMemoryWorker.ComputeHost, 20 * GiB, volumeId: "vol-small"));

        var resized = Assert.IsType<HostVolumeResized>(await worker.NextOutcomeAsync());
        Assert.Equal("vol-small", resized.VolumeId);
        Assert.Equal(["vol-small"], worker.Engine.Requests.Select(r => r.VolumeId));
    }

    [Fact]
    public async Task A_correlation_id_that_could_forge_a_log_line_is_not_copied_into_the_outcome()
    {
        await using var worker = await InMemoryWorker.StartAsync();
        var volume = worker.Array.Volumes[0];
        var request = System.Text.Json.JsonSerializer.Serialize(volume.Request(InMemoryWorker.ComputeHost, 20 * GiB), ContractJson.Options);

        await worker.SendRawAsync(
            $$"""{"messageId":"m-1","correlationId":"c-1\n12:00:00.000 INF forged","messageType":[],"message":{{request}}}""",
            "application/vnd.masstransit+json");

        var resized = Assert.IsType<HostVolumeResized>(await worker.NextOutcomeAsync());
        Assert.Equal("m-1", resized.CorrelationId);
    }

    [Fact]
    public async Task An_all_zero_correlation_id_is_the_senders_choice_and_is_copied_into_the_outcome_as_blockresize_reads_it()
    {
        await using var worker = await InMemoryWorker.StartAsync();
        var volume = worker.Array.Volumes[0];
        var request = System.Text.Json.JsonSerializer.Serialize(volume.Request(InMemoryWorker.ComputeHost, 20 * GiB), ContractJson.Options);

        await worker.SendRawAsync(
            $$"""{"messageId":"m-1","correlationId":"00000000-0000-0000-0000-000000000000","messageType":[],"message":{{request}}}""",
            "application/vnd.masstransit+json");

        var resized = Assert.IsType<HostVolumeResized>(await worker.NextOutcomeAsync());
        Assert.Equal("00000000-0000-0000-0000-000000000000", resized.CorrelationId);
    }

    [Fact]
    public async Task A_credential_in_an_unexpected_error_is_masked_in_the_published_failure()
    {
        await using var worker = await InMemoryWorker.StartAsync(new Dictionary<string, string?> { ["Brick:Broker"] = "amqp://brick:Detail-Secret-9@localhost:5672/" });
        var volume = worker.Array.Volumes[0];
        worker.Engine.Breaks = true;
        worker.Engine.BreakMessage = "connection to amqp://brick:Detail-Secret-9@localhost:5672/ refused for user 'brick'";

        await worker.SendAsync(volume.Request(InMemoryWorker.ComputeHost, 20 * GiB));

        var failed = Assert.IsType<HostVolumeResizeFailed>(await worker.NextOutcomeAsync());
        Assert.DoesNotContain("Detail-Secret-9", failed.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("'brick'", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("amqp://***@localhost:5672/", failed.Detail, StringComparison.Ordinal);
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
