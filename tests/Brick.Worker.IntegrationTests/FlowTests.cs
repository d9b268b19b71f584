using Brick.Contracts;
using MassTransit;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests;

/// <summary>The happy paths, driven the two ways the contract allows, and routing by host.</summary>
public sealed class FlowTests(BrokerFixture broker)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The end-to-end happy path; a compatibility test (docs/worker-service.md): on RabbitMQ 4 and 3.10.</summary>
    [Theory]
    [InlineData(CompatBrokers.Current)]
    [InlineData(CompatBrokers.RabbitMq3)]
    public async Task Raw_json_from_a_plain_client_yields_HostVolumeResized_on_the_topic_exchange(string which)
    {
        await using var compat = await CompatBrokers.StartAsync(which, broker);
        await using var scenario = await WorkerScenario.StartAsync(compat.Broker, "raw");
        scenario.Grow(0, 2 * GiB);

        var volume = Requests.UniqueVolume();
        await scenario.PublishAsync(scenario.Request(volume, 0, 2 * GiB), correlationId: "cp-request-42");
        var outcome = await scenario.Client.WaitForVolumeAsync(volume, Patience);

        Assert.True(outcome.Resized, outcome.ToString());
        Assert.Equal(scenario.HostName, outcome.RoutingKey);
        Assert.Equal("application/vnd.masstransit+json", outcome.ContentType);
        Assert.Equal(2 * GiB, outcome.Long("newSizeBytes"));
        Assert.Equal("/dev/loop0", outcome.Text("devicePath"));
        Assert.Equal($"att-{volume}", outcome.Text("attachmentId"));
        Assert.Equal("cp-request-42", outcome.CorrelationId);
        Assert.Equal(2 * GiB, scenario.SizeOf(0));
    }

    [Fact]
    public async Task Raw_output_is_the_bare_outcome_object_with_a_json_content_type()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker, "rawout", sizeBytes: 2 * GiB,
            settings: new Dictionary<string, string?> { ["Output"] = "Raw", ["QueueType"] = "Classic" });

        var volume = Requests.UniqueVolume();
        await scenario.PublishAsync(scenario.Request(volume, 0, 1 * GiB));
        var outcome = await scenario.Client.WaitForVolumeAsync(volume, Patience);

        Assert.True(outcome.Resized, outcome.ToString());
        Assert.Equal("application/json", outcome.ContentType);
        Assert.Equal(2 * GiB, outcome.Long("newSizeBytes")); // out of date: the current size, never a shrink
        Assert.Equal(1 * GiB, outcome.Long("requestedSizeBytes"));
        Assert.Equal(2 * GiB, scenario.SizeOf(0));
    }

    [Fact]
    public async Task A_MassTransit_publisher_with_its_envelope_gets_HostVolumeResized()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker, "mt");
        scenario.Grow(0, 3 * GiB);

        var bus = await RunningWorker.StartPublisherAsync(broker.Uri);
        var volume = Requests.UniqueVolume();
        var correlation = Guid.NewGuid();
        try
        {
            await bus.Publish(new VolumeExtended(volume, scenario.HostName, null, 3 * GiB,
                VolumeConnection.From("local", new Dictionary<string, string> { ["device_path"] = "/dev/loop0" })),
                context => context.CorrelationId = correlation, TestContext.Current.CancellationToken);
        }
        finally
        {
            await bus.StopAsync(TestContext.Current.CancellationToken);
        }

        var outcome = await scenario.Client.WaitForVolumeAsync(volume, Patience);
        Assert.True(outcome.Resized, outcome.ToString());
        Assert.Equal(3 * GiB, outcome.Long("newSizeBytes"));
        Assert.Equal(correlation.ToString(), outcome.CorrelationId);
    }

    [Fact]
    public async Task A_message_for_another_host_never_reaches_this_worker_and_is_kept_in_brick_unrouted()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker, "here");
        var elsewhere = Requests.UniqueHost("nowhere");

        var volume = Requests.UniqueVolume();
        await scenario.Client.PublishAsync(elsewhere, Requests.Local(volume, elsewhere, 0, 2 * GiB));
        var control = Requests.UniqueVolume();
        await scenario.PublishAsync(scenario.Request(control, 0, 1 * GiB));
        await scenario.Client.WaitForVolumeAsync(control, Patience);

        Assert.DoesNotContain(await scenario.Client.DrainAsync(TimeSpan.FromSeconds(2)), o => o.VolumeId == volume);
        Assert.Equal(1 * GiB, scenario.SizeOf(0));
        var kept = await TakeFromUnroutedAsync(scenario.Client, volume);
        Assert.Contains($"\"{volume}\"", kept, StringComparison.Ordinal);
    }

    /// <summary>Takes the one message of <paramref name="volume"/> from brick.unrouted, leaving the others there.</summary>
    private static async Task<string> TakeFromUnroutedAsync(ContractClient client, string volume)
    {
        var ct = TestContext.Current.CancellationToken;
        var others = new List<ulong>();
        try
        {
            while (await client.Channel.BasicGetAsync(EntityNames.Unrouted, autoAck: false, ct) is { } message)
            {
                var body = System.Text.Encoding.UTF8.GetString(message.Body.Span);
                if (body.Contains(volume, StringComparison.Ordinal))
                {
                    await client.Channel.BasicAckAsync(message.DeliveryTag, false, ct);
                    return body;
                }

                others.Add(message.DeliveryTag);
            }
        }
        finally
        {
            foreach (var tag in others)
                await client.Channel.BasicNackAsync(tag, false, requeue: true, ct);
        }

        Assert.Fail($"{volume} is not in {EntityNames.Unrouted}");
        return "";
    }
}
