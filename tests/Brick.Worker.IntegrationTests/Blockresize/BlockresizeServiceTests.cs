using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Brick.Contracts;
using Brick.Service.Composition;
using Brick.Simulation.Guests;
using Brick.Virt.Composition;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Brick.Worker.IntegrationTests.Blockresize;

/// <summary>
/// <c>blockresize</c>'s service on a real broker, with stand-in QMP guests on a device of a stand-in host tree (its
/// <c>/sys/class/block/NAME/size</c> says 64 GiB): outcomes in both formats, a device no guest uses, a disk that would
/// shrink, one that would grow past its device, a body that is no outcome, a guest that hangs (retried, then given
/// up), an outcome the broker refuses to take, credentials in what an error copy carries.
/// </summary>
public sealed partial class BlockresizeServiceTests(BrokerFixture broker) : IAsyncDisposable
{
    private const long GiB = 1L << 30;
    private const string Device = "/dev/brick-it-vol";
    private const long DeviceBytes = 64 * GiB;

    private readonly string _host = $"blockresize-{Guid.NewGuid():N}"[..24];
    private readonly DirectoryInfo _qmp = Directory.CreateTempSubdirectory("brick-it-qmp-");
    private readonly DirectoryInfo _tree = DeviceTree(DeviceBytes);
    private readonly List<SimulatedQmpGuest> _guests = [];
    private readonly ConcurrentQueue<(string Exchange, JsonElement Message)> _heard = new();
    private IHost? _service;
    private Action<IHostApplicationBuilder>? _configure;
    private IConnection? _connection;
    private IChannel? _channel;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Outcomes_raw_and_enveloped_resize_the_disk_on_their_device_and_a_replay_is_reported_again()
    {
        var guest = Guest("web-1", 10 * GiB);
        await StartAsync();

        await PublishAsync(Outcome(12 * GiB), envelope: true);
        Assert.Equal(12 * GiB, (await HeardAsync(EntityNames.GuestDiskResizedExchange, 12 * GiB)).GetProperty("sizeBytes").GetInt64());
        await PublishAsync(Outcome(12 * GiB), envelope: false);
        await PublishAsync(Outcome(14 * GiB), envelope: false);

        var last = await HeardAsync(EntityNames.GuestDiskResizedExchange, 14 * GiB);
        Assert.Equal(("web-1", "disk0", 12 * GiB), (last.GetProperty("domain").GetString(), last.GetProperty("disk").GetString(), last.GetProperty("previousSizeBytes").GetInt64()));
        // The replay's report and the 14 GiB one may reach this listener in either order: wait for both, then count.
        Assert.Equal(3, await HeardCountAsync(EntityNames.GuestDiskResizedExchange, 3));
        Assert.Equal([$"block_resize disk0 {12 * GiB}", $"block_resize disk0 {14 * GiB}"], guest.Commands.Where(c => c.StartsWith("block_resize", StringComparison.Ordinal)));
        Assert.Equal(0u, await MessagesInAsync(EntityNames.BlockresizeErrorQueue(_host)));
    }

    [Fact]
    public async Task An_outcome_for_a_device_no_guest_uses_is_acknowledged_and_nothing_is_published()
    {
        Guest("web-1", 10 * GiB);
        await StartAsync();

        await PublishAsync(Outcome(12 * GiB) with { DevicePath = "/dev/brick-it-other" }, envelope: false);
        await PublishAsync(Outcome(11 * GiB), envelope: false); // a marker: outcomes are taken in order

        await HeardAsync(EntityNames.GuestDiskResizedExchange, 11 * GiB);
        Assert.Single(_heard, h => h.Exchange == EntityNames.GuestDiskResizedExchange);
        Assert.Equal(0u, await MessagesInAsync(EntityNames.BlockresizeQueue(_host)));
        Assert.Equal(0u, await MessagesInAsync(EntityNames.BlockresizeErrorQueue(_host)));
    }

    [Fact]
    public async Task A_disk_larger_than_the_outcome_is_refused_published_and_the_outcome_moved_to_the_error_queue()
    {
        var guest = Guest("web-1", 16 * GiB);
        await StartAsync();

        await PublishAsync(Outcome(12 * GiB), envelope: false);

        var failed = await HeardAsync(EntityNames.GuestDiskResizeFailedExchange, 12 * GiB);
        Assert.Equal("WouldShrink", failed.GetProperty("reason").GetString());
        Assert.Equal("WouldShrink", await ReasonInErrorQueueAsync());
        Assert.Equal(16 * GiB, guest.Disks[0].SizeBytes);
    }

    [Fact]
    public async Task A_body_that_is_no_outcome_goes_to_the_error_queue_as_InvalidOutcome()
    {
        Guest("web-1", 10 * GiB);
        await StartAsync();

        await PublishRawAsync("{\"volumeId\":\"x\"}"u8.ToArray(), "application/json");

        Assert.Equal("InvalidOutcome", await ReasonInErrorQueueAsync());
        Assert.Empty(_heard);
    }

    [Fact]
    public async Task A_hanging_guest_is_retried_then_given_up_as_a_timeout()
    {
        var stuck = Guest("stuck", 10 * GiB);
        stuck.Behaviour = SimulatedQmpGuest.Misbehaviour.Hang;
        await StartAsync(("Brick:RetryLimit", "1"), ("Brick:RetryInitialDelay", "00:00:00.2"), ("Brick:HypervisorTimeout", "00:00:01"));

        await PublishAsync(Outcome(12 * GiB), envelope: false);

        var failed = await HeardAsync(EntityNames.GuestDiskResizeFailedExchange, 12 * GiB);
        Assert.Equal(("HypervisorTimeout", true, "stuck"), (failed.GetProperty("reason").GetString(), failed.GetProperty("retriable").GetBoolean(), failed.GetProperty("domain").GetString()));
        Assert.Equal("HypervisorTimeout", await ReasonInErrorQueueAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.StopAsync(CancellationToken.None);
            _service.Dispose();
        }

        foreach (var guest in _guests)
            await guest.DisposeAsync();
        if (_channel is not null)
            await _channel.DisposeAsync();
        if (_connection is not null)
            await _connection.DisposeAsync();
        await broker.RemoveAsync([EntityNames.BlockresizeQueue(_host), EntityNames.BlockresizeErrorQueue(_host)], [EntityNames.BlockresizeQueue(_host), EntityNames.BlockresizeErrorQueue(_host)]);
        _qmp.Delete(recursive: true);
        _tree.Delete(recursive: true);
    }

    /// <summary>A stand-in <c>/sys</c> and <c>/dev</c> with one block device, <see cref="Device"/>, of <paramref name="sizeBytes"/>.</summary>
    private static DirectoryInfo DeviceTree(long sizeBytes)
    {
        var root = Directory.CreateTempSubdirectory("brick-it-tree-");
        var name = Path.GetFileName(Device);
        var block = Directory.CreateDirectory(Path.Combine(root.FullName, "sys", "class", "block", name)).FullName;
        File.WriteAllText(Path.Combine(block, "dev"), "252:7\n");
        File.WriteAllText(Path.Combine(block, "size"), $"{sizeBytes / 512}\n");
        Directory.CreateDirectory(Path.Combine(root.FullName, "sys", "block")); // as on every /sys: readiness's roots check lists it
        Directory.CreateDirectory(Path.Combine(root.FullName, "dev"));
        File.WriteAllText(Path.Combine(root.FullName, "dev", name), "");
        return root;
    }

    private void SetDeviceSize(long sizeBytes) =>
        File.WriteAllText(Path.Combine(_tree.FullName, "sys", "class", "block", Path.GetFileName(Device), "size"), $"{sizeBytes / 512}\n");

    private SimulatedQmpGuest Guest(string name, long size)
    {
        var guest = SimulatedQmpGuest.Start(Path.Combine(_qmp.FullName, name + ".qmp"), [new SimulatedGuestDisk("disk0", Device, size)]);
        _guests.Add(guest);
        return guest;
    }

    private HostVolumeResized Outcome(long size) =>
        new("vol-it", _host, null, size, size, Device, null, [new PathSize("loop9", size)], "corr-it", DateTimeOffset.UtcNow, 5);

    private async Task StartAsync(params (string Key, string Value)[] settings)
    {
        broker.Require();
        var overrides = new Dictionary<string, string?>
        {
            ["Brick:Host"] = _host,
            ["Brick:Broker"] = broker.Uri.ToString(),
            ["Brick:QueueType"] = "Classic",
            ["Brick:QmpDirectory"] = _qmp.FullName,
            ["Brick:RetryLimit"] = "0",
            ["Brick:SysRoot"] = Path.Combine(_tree.FullName, "sys"),
            ["Brick:DevRoot"] = Path.Combine(_tree.FullName, "dev"),
        };
        foreach (var (key, value) in settings)
            overrides[key] = value;
        _service = ConsumerApplication.Build(overrides, services => services.AddBlockresizeService(), _configure);
        await _service.StartAsync(Cancel);

        _connection = await broker.ConnectAsync();
        _channel = await _connection.CreateChannelAsync(new CreateChannelOptions(true, true), Cancel);
        var queue = (await _channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: Cancel)).QueueName;
        foreach (var exchange in (string[])[EntityNames.HostVolumeResizedExchange, EntityNames.GuestDiskResizedExchange, EntityNames.GuestDiskResizeFailedExchange])
            await _channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: Cancel);
        foreach (var exchange in (string[])[EntityNames.GuestDiskResizedExchange, EntityNames.GuestDiskResizeFailedExchange])
            await _channel.QueueBindAsync(queue, exchange, _host, cancellationToken: Cancel);
        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var body = JsonDocument.Parse(delivery.Body).RootElement.Clone();
            _heard.Enqueue((delivery.Exchange, body.TryGetProperty("message", out var inner) ? inner : body));
            return Task.CompletedTask;
        };
        await _channel.BasicConsumeAsync(queue, autoAck: true, consumer, Cancel);

        // Bound and consuming before anything is published.
        for (var i = 0; i < 200; i++)
        {
            await using var probe = await _connection.CreateChannelAsync(cancellationToken: Cancel);
            try
            {
                if ((await probe.QueueDeclarePassiveAsync(EntityNames.BlockresizeQueue(_host), Cancel)).ConsumerCount > 0)
                    return;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
            }

            await Task.Delay(100, Cancel);
        }

        Assert.Fail($"blockresize never consumed from {EntityNames.BlockresizeQueue(_host)}.");
    }

    private Task PublishAsync(HostVolumeResized outcome, bool envelope)
    {
        var raw = JsonSerializer.Serialize(outcome, ContractJson.Options);
        return envelope
            ? PublishRawAsync(Encoding.UTF8.GetBytes($$"""{"messageId":"{{Guid.NewGuid()}}","correlationId":"corr-it","messageType":["urn:message:Brick.Contracts:HostVolumeResized"],"message":{{raw}}}"""),
                "application/vnd.masstransit+json")
            : PublishRawAsync(Encoding.UTF8.GetBytes(raw), "application/json");
    }

    private async Task PublishRawAsync(byte[] body, string contentType) =>
        await _channel!.BasicPublishAsync(EntityNames.HostVolumeResizedExchange, _host, mandatory: false,
            new BasicProperties { ContentType = contentType, DeliveryMode = DeliveryModes.Persistent }, body, Cancel);

    private async Task<JsonElement> HeardAsync(string exchange, long size)
    {
        for (var i = 0; i < 300; i++)
        {
            foreach (var (heardOn, message) in _heard)
            {
                if (heardOn == exchange && message.GetProperty(exchange == EntityNames.GuestDiskResizedExchange ? "sizeBytes" : "requestedSizeBytes").GetInt64() == size)
                    return message;
            }

            await Task.Delay(100, Cancel);
        }

        throw new TimeoutException($"Nothing of {size} bytes on {exchange}; heard {string.Join("; ", _heard.Select(h => $"{h.Exchange} {h.Message}"))}");
    }

    /// <summary>How many messages were heard on <paramref name="exchange"/> once at least <paramref name="atLeast"/> were, or after 30 s.</summary>
    private async Task<int> HeardCountAsync(string exchange, int atLeast)
    {
        for (var i = 0; i < 300 && _heard.Count(h => h.Exchange == exchange) < atLeast; i++)
            await Task.Delay(100, Cancel);
        await Task.Delay(200, Cancel); // one more would show as more than expected
        return _heard.Count(h => h.Exchange == exchange);
    }

    private async Task<uint> MessagesInAsync(string queue)
    {
        await using var probe = await _connection!.CreateChannelAsync(cancellationToken: Cancel);
        try
        {
            return (await probe.QueueDeclarePassiveAsync(queue, Cancel)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0;
        }
    }

    private async Task<string?> ReasonInErrorQueueAsync()
    {
        for (var i = 0; i < 300; i++)
        {
            await using var probe = await _connection!.CreateChannelAsync(cancellationToken: Cancel);
            try
            {
                if (await probe.BasicGetAsync(EntityNames.BlockresizeErrorQueue(_host), autoAck: true, Cancel) is { } message)
                    return message.BasicProperties.Headers?[EntityNames.ReasonHeader] is byte[] reason ? Encoding.UTF8.GetString(reason) : null;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
            }

            await Task.Delay(100, Cancel);
        }

        return null;
    }
}
