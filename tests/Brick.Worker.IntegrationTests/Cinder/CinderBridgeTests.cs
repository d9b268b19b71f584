using System.Globalization;
using System.Net;
using Brick.Contracts;
using Brick.Testing;
using RabbitMQ.Client;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Cinder;

/// <summary>
/// <c>brick-worker cinder-bridge</c> on what Cinder itself sends (<see cref="CinderSide"/>: Debian's Cinder 21.3.1 and
/// oslo.messaging), with <c>brick-worker run --simulate</c> for the hosts, all as processes on a real broker: exactly the
/// attachments to bridge are resized, the rest is reported (log, metrics, error queue), a notification sent twice does
/// nothing twice on a host, and a broker restart mid-stream loses nothing.
/// </summary>
public sealed class CinderBridgeTests(BrokerFixture broker) : IDisposable
{
    private const string Topic = "notifications.info";

    private readonly string _directory = Directory.CreateTempSubdirectory("brick-cinder-").FullName;

    [Fact]
    public async Task Cinder_s_own_resize_end_is_answered_for_exactly_the_attachments_to_bridge_and_a_replay_does_nothing_twice()
    {
        broker.Require();
        await CinderSide.RequireAsync();
        var id = Guid.NewGuid().ToString("N")[..10];
        var (exchange, queue) = ($"openstack-{id}", $"brick-cinder-bridge-{id}");
        var iscsiHost = Requests.UniqueHost("cinder-iscsi");
        var nvmeHost = Requests.UniqueHost("cinder-nvme");
        var novaHost = Requests.UniqueHost("cinder-nova");
        var reservedHost = Requests.UniqueHost("cinder-reserved");
        await using var connection = await broker.ConnectAsync();
        await using var watch = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            // What reaches brick.volume-extended for the hosts that must get nothing, and what Cinder sends, kept to look at.
            var strays = await DeclareWatchAsync(watch, EntityNames.VolumeExtendedExchange, ExchangeType.Direct, true, [novaHost, reservedHost], id + "-strays");
            var sent = await DeclareWatchAsync(watch, exchange, ExchangeType.Topic, false, [Topic], id + "-sent");

            await using var iscsiWorker = StartWorker(iscsiHost, broker.Uri, out var iscsiHttp);
            await using var nvmeWorker = StartWorker(nvmeHost, broker.Uri, out var nvmeHttp);
            await using var bridge = StartBridge(broker.Uri, exchange, queue, out var bridgeHttp);
            await ProcessWorker.WaitUntilConsumedAsync(broker, queue, bridge);
            await ProcessWorker.WaitUntilConsumedAsync(broker, EntityNames.WorkerQueue(iscsiHost), iscsiWorker);
            await ProcessWorker.WaitUntilConsumedAsync(broker, EntityNames.WorkerQueue(nvmeHost), nvmeWorker);
            await using var iscsiOutcomes = await ContractClient.CreateAsync(broker, iscsiHost);
            await using var nvmeOutcomes = await ContractClient.CreateAsync(broker, nvmeHost);

            // Cinder announces the same resize twice (two notifications, two message ids).
            var made = await CinderSide.ResizeAsync(broker.Uri, exchange, Path.Combine(_directory, "cinder"), 1, 2,
                [Iscsi(iscsiHost), Nvme(nvmeHost), new(novaHost, Guid.NewGuid().ToString(), Iscsi(novaHost).Connection), new(reservedHost, null, null)],
                times: 2);

            var iscsi = await TwoAnswersAsync(iscsiOutcomes, made, iscsiHost);
            var nvme = await TwoAnswersAsync(nvmeOutcomes, made, nvmeHost);

            // The rest is reported: in the error queue with its reason, in the log, in the metrics; nothing for the others.
            var errors = await iscsiOutcomes.TakeAsync($"{queue}_error", 2, TimeSpan.FromSeconds(60));
            Assert.Equal(2, errors.Count);
            Assert.All(errors, e => Assert.Equal("NoConnectionInfo", e.Reason));
            Assert.All(errors, e => Assert.Contains(made.VolumeId, e.Body, StringComparison.Ordinal));
            var metrics = await ScrapeAsync(bridgeHttp);
            // The bridge answers the probes run answers, on the same --http.
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(bridgeHttp, "/healthz"));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(bridgeHttp, "/readyz"));
            Assert.True(PrometheusText.Value(metrics, "brick_cinder_attachments_total", ("outcome", "not_bridged"), ("reason", "NoConnectionInfo")) >= 2, metrics);
            Assert.True(PrometheusText.Value(metrics, "brick_cinder_attachments_total", ("outcome", "skipped"), ("reason", "Instance")) >= 2, metrics);
            Assert.True(PrometheusText.Value(metrics, "brick_cinder_attachments_total", ("outcome", "sent")) >= 4, metrics);
            var log = bridge.Output;
            Assert.Contains($"on {reservedHost}: NoConnectionInfo", log, StringComparison.Ordinal);
            Assert.DoesNotContain("chap-password", log, StringComparison.Ordinal);
            Assert.Null(await watch.BasicGetAsync(strays, autoAck: true, TestContext.Current.CancellationToken));

            // The first notification delivered again, as oslo would after a lost ack: the same messages, and no work on the hosts.
            var rescans = (Iscsi: await RescansAsync(iscsiHttp), Nvme: await RescansAsync(nvmeHttp));
            Assert.True(rescans.Iscsi >= 1 && rescans.Nvme >= 1, $"{rescans}");
            var first = await watch.BasicGetAsync(sent, autoAck: true, TestContext.Current.CancellationToken);
            Assert.NotNull(first);
            await watch.BasicPublishAsync(exchange, Topic, mandatory: false, new BasicProperties(first.BasicProperties), first.Body, TestContext.Current.CancellationToken);

            var iscsiAgain = await iscsiOutcomes.WaitAsync(o => o.VolumeId == made.VolumeId && !iscsi.Contains(o), TimeSpan.FromSeconds(90));
            var nvmeAgain = await nvmeOutcomes.WaitAsync(o => o.VolumeId == made.VolumeId && !nvme.Contains(o), TimeSpan.FromSeconds(90));
            Assert.True(iscsiAgain.Resized && nvmeAgain.Resized, $"{iscsiAgain} {nvmeAgain}");
            Assert.Contains(iscsiAgain.CorrelationId, iscsi.Select(o => o.CorrelationId));
            Assert.Contains(nvmeAgain.CorrelationId, nvme.Select(o => o.CorrelationId));
            Assert.Equal(rescans, (await RescansAsync(iscsiHttp), await RescansAsync(nvmeHttp)));

            // The replay's reserved attachment is kept again; what is no oslo notification at all is kept too, as InvalidNotification.
            await watch.BasicPublishAsync(exchange, Topic, mandatory: false, new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent },
                "{\"oslo.version\": \"2.0\", \"oslo.message\": \"not json\"}"u8.ToArray(), TestContext.Current.CancellationToken);
            var kept = await iscsiOutcomes.TakeAsync($"{queue}_error", 2, TimeSpan.FromSeconds(60));
            Assert.Equal(["InvalidNotification", "NoConnectionInfo"], kept.Select(k => k.Reason).Order());
            Assert.DoesNotContain("chap-password", bridge.Output, StringComparison.Ordinal);
        }
        finally
        {
            await broker.RemoveAsync(
                [queue, $"{queue}_error", $"{id}-strays", $"{id}-sent", .. new[] { iscsiHost, nvmeHost }.SelectMany(h => new[] { EntityNames.WorkerQueue(h), EntityNames.ErrorQueue(h) })],
                [exchange, queue, $"{queue}_error", .. new[] { iscsiHost, nvmeHost }.SelectMany(h => new[] { EntityNames.WorkerQueue(h), EntityNames.ErrorQueue(h) })]);
        }
    }

    [Fact]
    public async Task A_broker_restart_mid_stream_loses_no_resize()
    {
        await using var own = await OwnBroker.CreateAsync();
        await CinderSide.RequireAsync();
        var fixture = await own.AsFixtureAsync();
        var host = Requests.UniqueHost("cinder-restart");
        var (exchange, queue) = ("openstack", "brick-cinder-bridge");
        await using var worker = StartWorker(host, own.Uri, out _);
        await using var bridge = StartBridge(own.Uri, exchange, queue, out _);
        await ProcessWorker.WaitUntilConsumedAsync(fixture, queue, bridge);
        await ProcessWorker.WaitUntilConsumedAsync(fixture, EntityNames.WorkerQueue(host), worker);
        await using var outcomes = await ContractClient.CreateAsync(fixture, host);

        // The broker goes down as soon as Cinder has sent: the notification is somewhere between Cinder and the host.
        var before = await CinderSide.ResizeAsync(own.Uri, exchange, Path.Combine(_directory, "before"), 1, 2, [Iscsi(host)]);
        await own.Container.StopAsync(TestContext.Current.CancellationToken);
        await own.Container.StartAsync(TestContext.Current.CancellationToken);
        await ProcessWorker.WaitUntilConsumedAsync(fixture, queue, bridge);
        await ProcessWorker.WaitUntilConsumedAsync(fixture, EntityNames.WorkerQueue(host), worker);
        var after = await CinderSide.ResizeAsync(own.Uri, exchange, Path.Combine(_directory, "after"), 2, 3, [Iscsi(host)]);

        var first = await outcomes.WaitAsync(o => o.VolumeId == before.VolumeId && o.Resized, TimeSpan.FromSeconds(120));
        var second = await outcomes.WaitAsync(o => o.VolumeId == after.VolumeId && o.Resized, TimeSpan.FromSeconds(120));
        Assert.Equal(2 * GiB, first.Long("requestedSizeBytes"));
        Assert.Equal(before.AttachmentIds[host], first.Text("attachmentId"));
        Assert.Equal(3 * GiB, second.Long("requestedSizeBytes"));
        Assert.Equal(after.AttachmentIds[host], second.Text("attachmentId"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Both answers of a host to Cinder's two notifications: resized to 2 GiB, for its attachment, each under its own notification's id.</summary>
    private static async Task<List<Outcome>> TwoAnswersAsync(ContractClient client, CinderSide.Made made, string host)
    {
        var first = await client.WaitAsync(o => o.VolumeId == made.VolumeId, TimeSpan.FromSeconds(120));
        var second = await client.WaitAsync(o => o.VolumeId == made.VolumeId && !ReferenceEquals(o, first), TimeSpan.FromSeconds(120));
        foreach (var outcome in new[] { first, second })
        {
            Assert.True(outcome.Resized, outcome.ToString());
            Assert.Equal(host, outcome.RoutingKey);
            Assert.Equal(2 * GiB, outcome.Long("requestedSizeBytes"));
            Assert.Equal(made.AttachmentIds[host], outcome.Text("attachmentId"));
            Assert.True(Guid.TryParse(outcome.CorrelationId, out _), outcome.ToString());
        }

        Assert.NotEqual(first.CorrelationId, second.CorrelationId);
        return [first, second];
    }

    private static CinderSide.Attachment Iscsi(string host) => new(host, null, new
    {
        driver_volume_type = "iscsi",
        data = new
        {
            target_discovered = false,
            target_portals = new[] { "198.51.100.10:3260", "198.51.100.11:3260" },
            target_iqns = new[] { $"iqn.2010-10.org.openstack:volume-{host}", $"iqn.2010-10.org.openstack:volume-{host}" },
            target_luns = new[] { 1, 1 },
            target_portal = "198.51.100.10:3260",
            target_iqn = $"iqn.2010-10.org.openstack:volume-{host}",
            target_lun = 1,
            auth_method = "CHAP",
            auth_username = "chap-user",
            auth_password = "chap-password-of-the-test",
            discovery_auth_method = "CHAP",
            discovery_auth_username = "discovery-user",
            discovery_auth_password = "chap-password-of-discovery",
        },
    });

    private static CinderSide.Attachment Nvme(string host) => new(host, null, new
    {
        driver_volume_type = "nvmeof",
        data = new
        {
            target_nqn = $"nqn.2014-08.org.example:{host}",
            vol_uuid = Guid.NewGuid().ToString(),
            portals = new[] { new[] { "198.51.100.20", "4420", "tcp" } },
        },
    });

    private WorkerProcess StartWorker(string host, Uri uri, out int http)
    {
        http = LoopbackPort.Free();
        var settings = new Dictionary<string, string>
        {
            ["Host"] = host,
            ["Broker"] = uri.ToString(),
            ["Simulate"] = "true",
            ["Http"] = $"127.0.0.1:{http.ToString(CultureInfo.InvariantCulture)}",
            ["RetryInitialDelay"] = "00:00:00.200",
            ["RetryMaxDelay"] = "00:00:01",
            ["ShutdownTimeout"] = "00:00:02",
        };
        return ProcessWorker.Start(settings, _directory, Path.Combine(_directory, $"{host}.log"));
    }

    private WorkerProcess StartBridge(Uri uri, string exchange, string queue, out int http)
    {
        http = LoopbackPort.Free();
        var settings = new Dictionary<string, string>
        {
            ["Broker"] = uri.ToString(),
            ["NotificationsExchange"] = exchange,
            ["NotificationsQueue"] = queue,
            ["Http"] = $"127.0.0.1:{http.ToString(CultureInfo.InvariantCulture)}",
            ["RetryInitialDelay"] = "00:00:00.200",
            ["RetryMaxDelay"] = "00:00:01",
            ["ShutdownTimeout"] = "00:00:02",
        };
        return ProcessWorker.Start(settings, _directory, Path.Combine(_directory, "bridge.log"), "cinder-bridge");
    }

    private static async Task<string> DeclareWatchAsync(IChannel channel, string exchange, string type, bool durable, IEnumerable<string> keys, string queue)
    {
        var ct = TestContext.Current.CancellationToken;
        if (exchange == EntityNames.VolumeExtendedExchange)
            await RunningWorker.DeclareSharedTopologyAsync(channel, ct);
        else
            await channel.ExchangeDeclareAsync(exchange, type, durable, autoDelete: false, cancellationToken: ct);
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false, cancellationToken: ct);
        foreach (var key in keys)
            await channel.QueueBindAsync(queue, exchange, key, cancellationToken: ct);
        return queue;
    }

    private static async Task<HttpStatusCode> StatusAsync(int port, string path)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{path}"), TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static async Task<string> ScrapeAsync(int port)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/metrics"), TestContext.Current.CancellationToken);
    }

    /// <summary>How many rescan steps a worker has run: a request for a size its host already shows runs none.</summary>
    private static async Task<double> RescansAsync(int port) =>
        PrometheusText.Value(await ScrapeAsync(port), "brick_worker_step_duration_seconds_count", ("step", "rescan"));
}
