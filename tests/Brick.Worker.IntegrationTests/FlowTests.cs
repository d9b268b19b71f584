using Brick.Contracts;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using MassTransit;

namespace Brick.Worker.IntegrationTests;

/// <summary>The happy paths, driven the two ways the contract allows, and routing by host.</summary>
public sealed class FlowTests(BrokerFixture broker)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Raw_json_from_a_plain_client_yields_HostVolumeResized_on_the_topic_exchange()
    {
        broker.Require();
        var host = Requests.UniqueHost("raw");
        using var loops = new LoopHost(1, 1 * Requests.GiB);
        await using var client = await ContractClient.CreateAsync(broker, host);
        await using var worker = await RunningWorker.StartAsync(broker.Uri, host, loops);
        loops.Grow(0, 2 * Requests.GiB);

        var volume = Requests.UniqueVolume();
        await client.PublishAsync(host, Requests.Local(volume, host, 0, 2 * Requests.GiB), correlationId: "cp-request-42");
        var outcome = await client.WaitForVolumeAsync(volume, Patience);

        Assert.True(outcome.Resized, outcome.ToString());
        Assert.Equal(host, outcome.RoutingKey);
        Assert.Equal("application/vnd.masstransit+json", outcome.ContentType);
        Assert.Equal(2 * Requests.GiB, outcome.Long("newSizeBytes"));
        Assert.Equal("/dev/loop0", outcome.Text("devicePath"));
        Assert.Equal($"att-{volume}", outcome.Text("attachmentId"));
        Assert.Equal("cp-request-42", outcome.CorrelationId);
        Assert.Equal(2 * Requests.GiB, loops.SizeOf(0));
    }

    [Fact]
    public async Task Raw_output_is_the_bare_outcome_object_with_a_json_content_type()
    {
        broker.Require();
        var host = Requests.UniqueHost("rawout");
        using var loops = new LoopHost(1, 2 * Requests.GiB);
        await using var client = await ContractClient.CreateAsync(broker, host);
        await using var worker = await RunningWorker.StartAsync(broker.Uri, host, loops,
            new Dictionary<string, string?> { [nameof(WorkerSettings.Output)] = "Raw", [nameof(WorkerSettings.QueueType)] = "Classic" });

        var volume = Requests.UniqueVolume();
        await client.PublishAsync(host, Requests.Local(volume, host, 0, 1 * Requests.GiB));
        var outcome = await client.WaitForVolumeAsync(volume, Patience);

        Assert.True(outcome.Resized, outcome.ToString());
        Assert.Equal("application/json", outcome.ContentType);
        Assert.Equal(2 * Requests.GiB, outcome.Long("newSizeBytes")); // out of date: the current size, never a shrink
        Assert.Equal(1 * Requests.GiB, outcome.Long("requestedSizeBytes"));
        Assert.Equal(2 * Requests.GiB, loops.SizeOf(0));
    }

    [Fact]
    public async Task A_MassTransit_publisher_with_its_envelope_gets_HostVolumeResized()
    {
        broker.Require();
        var host = Requests.UniqueHost("mt");
        using var loops = new LoopHost(1, 1 * Requests.GiB);
        await using var client = await ContractClient.CreateAsync(broker, host);
        await using var worker = await RunningWorker.StartAsync(broker.Uri, host, loops);
        loops.Grow(0, 3 * Requests.GiB);

        var address = BrokerAddress.TryParse(broker.Uri.ToString(), [], out _)!;
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            BrokerConnections.ConfigureHost(rabbit, address, "brick-test publisher");
            ContractPublishing.ConfigureVolumeExtended(rabbit);
        });
        await bus.StartAsync(TestContext.Current.CancellationToken);
        var volume = Requests.UniqueVolume();
        var correlation = Guid.NewGuid();
        try
        {
            await bus.Publish(new VolumeExtended(volume, host, null, 3 * Requests.GiB,
                VolumeConnection.From("local", new Dictionary<string, string> { ["device_path"] = "/dev/loop0" })),
                context => context.CorrelationId = correlation, TestContext.Current.CancellationToken);
        }
        finally
        {
            await bus.StopAsync(TestContext.Current.CancellationToken);
        }

        var outcome = await client.WaitForVolumeAsync(volume, Patience);
        Assert.True(outcome.Resized, outcome.ToString());
        Assert.Equal(3 * Requests.GiB, outcome.Long("newSizeBytes"));
        Assert.Equal(correlation.ToString(), outcome.CorrelationId);
    }

    [Fact]
    public async Task A_message_for_another_host_never_reaches_this_worker_and_is_kept_in_brick_unrouted()
    {
        broker.Require();
        var host = Requests.UniqueHost("here");
        var elsewhere = Requests.UniqueHost("nowhere");
        using var loops = new LoopHost(1, 1 * Requests.GiB);
        await using var client = await ContractClient.CreateAsync(broker, host);
        await using var worker = await RunningWorker.StartAsync(broker.Uri, host, loops);

        var volume = Requests.UniqueVolume();
        await client.PublishAsync(elsewhere, Requests.Local(volume, elsewhere, 0, 2 * Requests.GiB));
        var control = Requests.UniqueVolume();
        await client.PublishAsync(host, Requests.Local(control, host, 0, 1 * Requests.GiB));
        await client.WaitForVolumeAsync(control, Patience);

        Assert.DoesNotContain(await client.DrainAsync(TimeSpan.FromSeconds(2)), o => o.VolumeId == volume);
        Assert.Equal(1 * Requests.GiB, loops.SizeOf(0));
        var kept = await TakeFromUnroutedAsync(client, volume);
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
