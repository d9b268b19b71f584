using System.Diagnostics;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Http;

/// <summary>
/// <c>brick-worker run</c> with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (OTLP/HTTP protobuf) pointing at a stand-in
/// collector: metrics reach <c>/v1/metrics</c> and spans <c>/v1/traces</c>, the engine's step spans with the volume id
/// and correlation id among them.
/// </summary>
public sealed class OtlpExportTests(BrokerFixture broker)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Metrics_and_the_engine_s_step_spans_are_pushed_over_otlp_http()
    {
        broker.Require();
        await using var collector = new OtlpReceiver();
        await using var worker = ServedWorker.Start(broker, "otlp", new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_SERVICE_NAME"] = "brick-worker-otlp-test",
        });
        await worker.WaitUntilReadyAsync(Patience);
        await using var client = await ContractClient.CreateAsync(broker, worker.HostName);

        var volume = Requests.UniqueVolume();
        var correlation = $"cp-{Guid.NewGuid():N}";
        await client.PublishAsync(worker.HostName, Requests.Local(volume, worker.HostName, 0, 2 * GiB), correlation);
        Assert.True((await client.WaitForVolumeAsync(volume, Patience)).Resized);

        string[] spans = ["extend-volume", "discover", "rescan", "wait-paths", "verify", "brick.volume.id", volume, "brick.correlation.id", correlation];
        string[] metrics = ["brick.worker.requests", "brick.worker.step.duration", "resized", "brick-worker-otlp-test"];
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30) && !(collector.Received("/v1/traces", spans) && collector.Received("/v1/metrics", metrics)))
            await Task.Delay(200, TestContext.Current.CancellationToken);

        var seen = string.Join(", ", collector.Requests.Select(r => $"{r.Path} ({r.ContentType}, {r.Body.Length} bytes)"));
        Assert.True(collector.Received("/v1/traces", spans), $"/v1/traces lacks some of {string.Join(", ", spans)}; received: {seen}");
        Assert.True(collector.Received("/v1/metrics", metrics), $"/v1/metrics lacks some of {string.Join(", ", metrics)}; received: {seen}");
        Assert.All(collector.Requests, r => Assert.Equal("application/x-protobuf", r.ContentType));
        Assert.True(collector.Received("/v1/traces", "MassTransit"), "MassTransit's own spans are exported too");
    }
}
