using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Brick.Contracts;
using Brick.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Brick.Worker.IntegrationTests.Blockresize;

/// <summary>
/// What <c>run</c> offers an operator, offered by blockresize too on the consumers' skeleton: <c>--http</c>'s
/// <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> (its own instruments among them), the poison count of
/// <c>MaxDeliveries</c>, the consuming log, <c>PrefetchCount</c>.
/// </summary>
public sealed partial class BlockresizeServiceTests
{
    [Fact]
    public async Task With_http_it_answers_healthz_and_readyz_and_serves_its_outcomes_in_metrics()
    {
        Guest("web-1", 10 * GiB);
        var address = $"127.0.0.1:{FreePort()}";
        await StartAsync(("Brick:Http", address));
        using var http = new HttpClient { BaseAddress = new Uri($"http://{address}"), Timeout = TimeSpan.FromSeconds(10) };

        var live = await http.GetAsync("/healthz", Cancel);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var ready = await EventuallyReadyAsync(http);
        Assert.Equal(["binding", "bus", "roots"], ready.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order());

        await PublishAsync(Outcome(12 * GiB) with { DevicePath = "/dev/brick-it-other" }, envelope: false); // no guest uses it: "unused"
        await PublishAsync(Outcome(11 * GiB), envelope: false);
        await HeardAsync(EntityNames.GuestDiskResizedExchange, 11 * GiB);

        // Recorded before the acknowledgement; the scrape may come a moment before.
        string text = "";
        for (var i = 0; i < 100 && !text.Contains("brick_blockresize_outcomes_total{", StringComparison.Ordinal); i++, await Task.Delay(100, Cancel))
            text = await http.GetStringAsync("/metrics", Cancel);
        Assert.True(PrometheusText.Value(text, "brick_blockresize_outcomes_total", ("result", "unused")) >= 1, text);
        Assert.True(PrometheusText.Value(text, "brick_blockresize_outcomes_total", ("result", "done")) >= 1, text);
        Assert.Contains("brick_blockresize_resize_duration_seconds_count", PrometheusText.Names(text));
    }

    [Fact]
    public async Task An_outcome_delivered_past_MaxDeliveries_ends_in_its_error_queue_with_a_reason_and_no_guest_is_resized()
    {
        var guest = Guest("web-1", 10 * GiB);
        var locks = Path.Combine(_tree.FullName, "locks");
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Outcome(12 * GiB), ContractJson.Options));
        // Five earlier deliveries died with the process working on them: four counted, the fifth's process gone (no
        // process has that id). This is the sixth, one past MaxDeliveries.
        var records = Directory.CreateDirectory(Path.Combine(locks, "blockresize-deliveries")).FullName;
        var record = Path.Combine(records, Convert.ToHexString(SHA256.HashData(body)));
        File.WriteAllText(record, "4 2147483646-0");
        await StartAsync(("Brick:LockDirectory", locks), ("Brick:MaxDeliveries", "5"));

        await PublishRawAsync(body, "application/json");

        Assert.Equal("HypervisorFailed", await ReasonInErrorQueueAsync());
        Assert.DoesNotContain(guest.Commands, c => c.StartsWith("block_resize", StringComparison.Ordinal));
        Assert.Equal(10 * GiB, guest.Disks[0].SizeBytes);
        Assert.Empty(_heard);
        Assert.False(File.Exists(record), "the record is forgotten once the move to the error queue is confirmed");
    }

    [Fact]
    public async Task Its_consuming_log_names_its_queue_and_PrefetchCount_is_its_consumers_prefetch()
    {
        var lines = new ConcurrentQueue<string>();
        _configure = builder => builder.Services.AddSingleton<ILoggerFactory>(new LoggerFactory([new LineCapture(lines)]));
        Guest("web-1", 10 * GiB);
        await StartAsync(("Brick:PrefetchCount", "7"), ("Brick:MaxConcurrency", "2"));

        var queue = EntityNames.BlockresizeQueue(_host);
        for (var i = 0; i < 100 && !lines.Contains($"Consuming HostVolumeResized from {queue}"); i++)
            await Task.Delay(100, Cancel);
        Assert.Contains($"Consuming HostVolumeResized from {queue}", lines);

        var consumers = await broker.RabbitmqctlAsync("list_consumers", "queue_name", "prefetch_count", "--no-table-headers", "--quiet");
        Assert.Contains(consumers.Split('\n'), line => line.Split('\t', StringSplitOptions.TrimEntries) is [var name, "7"] && name == queue);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<JsonElement> EventuallyReadyAsync(HttpClient http)
    {
        string body = "";
        for (var i = 0; i < 150; i++)
        {
            var answer = await http.GetAsync("/readyz", Cancel);
            body = await answer.Content.ReadAsStringAsync(Cancel);
            if (answer.StatusCode == HttpStatusCode.OK)
                return JsonDocument.Parse(body).RootElement;
            await Task.Delay(200, Cancel);
        }

        throw new TimeoutException($"/readyz never answered 200: {body}");
    }
}
