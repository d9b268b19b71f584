using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Brick.Testing;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Http;

/// <summary>
/// <c>brick-worker run --simulate --http 127.0.0.1:PORT</c> as a process against the real broker: the counters of
/// <c>/metrics</c> move as events are processed, <c>/healthz</c> and <c>/readyz</c> answer with their JSON, and every
/// worker metric the example alert rules read is one <c>/metrics</c> really serves.
/// </summary>
public sealed partial class HttpEndpointsTests(BrokerFixture broker)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_requests_counter_in_metrics_rises_with_each_volume_resized_and_health_and_readiness_answer_200()
    {
        broker.Require();
        await using var worker = ServedWorker.Start(broker, "http");
        var ready = JsonDocument.Parse(await worker.WaitUntilReadyAsync(Patience)).RootElement;
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Contains("bus", ready.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        var (live, liveBody, liveType) = await worker.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, live);
        Assert.Equal("application/json; charset=utf-8", liveType);
        Assert.Equal("Healthy", JsonDocument.Parse(liveBody).RootElement.GetProperty("status").GetString());
        Assert.Equal(0, Resized(await worker.ScrapeAsync()));

        await using var client = await ContractClient.CreateAsync(broker, worker.HostName);
        for (var i = 1; i <= 3; i++)
        {
            var volume = Requests.UniqueVolume();
            await client.PublishAsync(worker.HostName, Requests.Local(volume, worker.HostName, 0, (1 + i) * GiB));
            var outcome = await client.WaitForVolumeAsync(volume, Patience);
            Assert.True(outcome.Resized, outcome.ToString());

            // The counter is recorded once the outcome is published; the scrape may come a moment before.
            Assert.Equal(i, await EventuallyAsync(worker, i));
        }

        var text = await worker.ScrapeAsync();
        Assert.Equal(0, PrometheusText.Value(text, "brick_worker_requests_total", ("outcome", "failed")));
        Assert.Equal(3, PrometheusText.Value(text, "brick_worker_operation_duration_seconds_count", ("outcome", "resized")));
        Assert.True(PrometheusText.Value(text, "brick_worker_step_duration_seconds_count", ("step", "rescan")) >= 3, text);
        Assert.Equal(0, PrometheusText.Value(text, "brick_worker_operations_active"));
        Assert.Contains("dotnet_gc_collections_total", PrometheusText.Names(text)); // the runtime's meter
        Assert.Contains(PrometheusText.Names(text), n => n.StartsWith("messaging_masstransit_", StringComparison.Ordinal)); // MassTransit's
        var exit = await worker.TerminateAsync(TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, $"brick-worker exited {exit} on SIGTERM:{Environment.NewLine}{worker.Output}");
    }

    [Fact]
    public async Task Every_worker_metric_the_alert_rules_read_is_served_by_metrics()
    {
        broker.Require();
        var rules = File.ReadAllText(AlertRules());
        var wanted = Expression().Matches(rules).SelectMany(e => WorkerMetric().Matches(e.Groups["expr"].Value)).Select(m => m.Value)
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(wanted);

        await using var worker = ServedWorker.Start(broker, "alerts");
        await worker.WaitUntilReadyAsync(Patience);
        await using var client = await ContractClient.CreateAsync(broker, worker.HostName);
        var volume = Requests.UniqueVolume();
        await client.PublishAsync(worker.HostName, Requests.Local(volume, worker.HostName, 0, 2 * GiB));
        Assert.True((await client.WaitForVolumeAsync(volume, Patience)).Resized);
        await EventuallyAsync(worker, 1);

        var served = PrometheusText.Names(await worker.ScrapeAsync());
        Assert.Empty(wanted.Except(served));
    }

    private static double Resized(string text) => PrometheusText.Value(text, "brick_worker_requests_total", ("outcome", "resized"));

    private static async Task<double> EventuallyAsync(ServedWorker worker, double expected)
    {
        var value = 0d;
        for (var i = 0; i < 50 && (value = Resized(await worker.ScrapeAsync())) < expected; i++)
            await Task.Delay(100, TestContext.Current.CancellationToken);
        return value;
    }

    /// <summary>deploy/prometheus/alerts.yml, found above the tests' folder.</summary>
    private static string AlertRules() => RepositoryRoot.Of("deploy", "prometheus", "alerts.yml");

    /// <summary>The expression of a rule: from <c>expr:</c> to its <c>for:</c>.</summary>
    [GeneratedRegex(@"expr:\s*\|?(?<expr>.*?)\n\s*for:", RegexOptions.Singleline)]
    private static partial Regex Expression();

    /// <summary>A metric of the worker's own meter in a PromQL expression.</summary>
    [GeneratedRegex(@"\bbrick_worker_[a-z_]+\b")]
    private static partial Regex WorkerMetric();
}
