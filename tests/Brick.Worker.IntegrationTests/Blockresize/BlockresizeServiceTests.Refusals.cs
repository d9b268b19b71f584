using Brick.Contracts;

namespace Brick.Worker.IntegrationTests.Blockresize;

/// <summary>What blockresize refuses, and what it does when the broker refuses it.</summary>
public sealed partial class BlockresizeServiceTests
{
    [Fact]
    public async Task An_outcome_larger_than_its_host_device_is_refused_as_ExceedsHostDevice_published_and_moved_to_the_error_queue()
    {
        var guest = Guest("web-1", 10 * GiB);
        SetDeviceSize(12 * GiB);
        await StartAsync();

        await PublishAsync(Outcome(1024 * GiB), envelope: false);

        var failed = await HeardAsync(EntityNames.GuestDiskResizeFailedExchange, 1024 * GiB);
        Assert.Equal(("ExceedsHostDevice", false, 10 * GiB), (failed.GetProperty("reason").GetString(), failed.GetProperty("retriable").GetBoolean(), failed.GetProperty("observedSizeBytes").GetInt64()));
        Assert.Equal("ExceedsHostDevice", await ReasonInErrorQueueAsync());
        Assert.DoesNotContain(guest.Commands, c => c.StartsWith("block_resize", StringComparison.Ordinal));
        Assert.Equal(10 * GiB, guest.Disks[0].SizeBytes);

        // Up to the device's size it is served.
        await PublishAsync(Outcome(12 * GiB), envelope: false);
        Assert.Equal(12 * GiB, (await HeardAsync(EntityNames.GuestDiskResizedExchange, 12 * GiB)).GetProperty("sizeBytes").GetInt64());
    }

    [Fact]
    public async Task A_GuestDiskResized_the_broker_refuses_is_retried_then_moved_as_OutcomeNotPublished_and_no_failure_is_published()
    {
        await using var user = await BrokerUser.CreateAsync(broker, "noguestresized", write: BrokerUser.AllBut(EntityNames.GuestDiskResizedExchange));
        var guest = Guest("web-1", 10 * GiB);
        await StartAsync(("Brick:Broker", user.Uri.ToString()), ("Brick:RetryLimit", "1"), ("Brick:RetryInitialDelay", "00:00:00.2"), ("Brick:PublishTimeout", "00:00:01"));

        await PublishAsync(Outcome(12 * GiB), envelope: false);

        var copy = Assert.Single(await ErrorCopies.TakeAsync(broker, EntityNames.BlockresizeErrorQueue(_host), 1, TimeSpan.FromSeconds(60)));
        Assert.Equal("OutcomeNotPublished", copy.Header(EntityNames.ReasonHeader));
        Assert.Equal(nameof(GuestDiskResized), copy.Header("brick-outcome"));
        Assert.Equal("false", copy.Header("brick-outcome-published"));
        Assert.Equal(12 * GiB, guest.Disks[0].SizeBytes); // the disk has its size: only the report of it is missing
        Assert.Single(guest.Commands, c => c.StartsWith("block_resize", StringComparison.Ordinal)); // the retry found it at its size
        await Task.Delay(TimeSpan.FromSeconds(2), Cancel);
        Assert.DoesNotContain(_heard, h => h.Exchange == EntityNames.GuestDiskResizeFailedExchange); // not reported as the hypervisor's failure
        Assert.Equal(0u, await MessagesInAsync(EntityNames.BlockresizeErrorQueue(_host))); // once, no loop
    }

    [Fact]
    public async Task The_fault_headers_of_an_error_copy_are_scrubbed_of_the_broker_password()
    {
        await using var user = await BrokerUser.CreateAsync(broker, "blockresizecreds");
        Guest("web-1", 10 * GiB);
        await StartAsync(("Brick:Broker", user.Uri.ToString()));
        var outcome = HostileHost(user.Password); // a valid host name, for another host: its refusal names it

        await PublishRawAsync(System.Text.Encoding.UTF8.GetBytes(outcome), "application/json");

        var copy = Assert.Single(await ErrorCopies.TakeAsync(broker, EntityNames.BlockresizeErrorQueue(_host), 1, TimeSpan.FromSeconds(60)));
        Assert.Equal("InvalidOutcome", copy.Header(EntityNames.ReasonHeader));
        Assert.Contains("***", copy.Header("MT-Fault-Message"), StringComparison.Ordinal);
        var headers = string.Join('\n', copy.Headers.Select(h => $"{h.Key}: {h.Value}"));
        Assert.DoesNotContain(user.Password, headers, StringComparison.Ordinal);
    }

    private string HostileHost(string host)
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Outcome(12 * GiB), ContractJson.Options))!.AsObject();
        body["host"] = host;
        return body.ToJsonString();
    }
}
