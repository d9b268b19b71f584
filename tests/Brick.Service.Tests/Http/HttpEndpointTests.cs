using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Brick.Engine.Telemetry;
using Brick.Service.Health;
using Brick.Service.Http;
using Brick.Service.Messaging;
using Brick.Service.Observability;
using Brick.Service.Settings;
using Brick.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Brick.Service.Tests.Http;

/// <summary>
/// <c>Brick:Http</c> in a host of the service's own parts (settings, metrics, telemetry, the endpoint) on a free
/// loopback port: the three paths, their status codes and bodies, and a check of the test's own behind <c>/readyz</c>.
/// </summary>
/// <remarks>In <see cref="ProcessWideState"/>: its exporter reads every <c>Brick.Worker</c> meter in the process.</remarks>
[Collection(ProcessWideState.Name)]
public sealed class HttpEndpointTests : IAsyncLifetime
{
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly int _port = LoopbackPort.Free();
    private IHost? _host;
    private bool _started;
    private HealthStatus _broker = HealthStatus.Healthy;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (_started)
            await _host!.StopAsync(CancellationToken.None);
        _host?.Dispose();
    }

    [Fact]
    public async Task Readyz_is_200_with_every_ready_check_named_while_all_pass()
    {
        await StartAsync($"127.0.0.1:{_port}");

        var (status, body) = await GetJsonAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal(["test-broker"], body.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Readyz_is_503_naming_the_check_that_failed_while_healthz_stays_200()
    {
        _broker = HealthStatus.Unhealthy;
        await StartAsync($"127.0.0.1:{_port}");

        var (ready, readyBody) = await GetJsonAsync("/readyz");
        var (live, liveBody) = await GetJsonAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
        Assert.Equal(["test-broker"], readyBody.GetProperty("failed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("the test's broker is down", readyBody.GetProperty("checks")[0].GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.OK, live);
        Assert.Equal(0, liveBody.GetProperty("checks").GetArrayLength()); // readiness checks are not liveness checks
    }

    [Fact]
    public async Task Metrics_is_prometheus_text_with_the_worker_s_counters_by_their_prometheus_names()
    {
        await StartAsync($"127.0.0.1:{_port}");
        var metrics = _host!.Services.GetRequiredService<BrickMetrics>();
        metrics.RequestResized();
        metrics.RequestResized();
        metrics.RequestFailed("RescanTimeout");
        metrics.StepFinished("rescan", TimeSpan.FromMilliseconds(300));

        using var response = await _client.GetAsync(new Uri($"http://127.0.0.1:{_port}/metrics"), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, PrometheusText.Value(text, "brick_worker_requests_total", ("outcome", "resized")));
        Assert.Equal(1, PrometheusText.Value(text, "brick_worker_requests_total", ("outcome", "failed"), ("reason", "RescanTimeout")));
        Assert.Contains("# TYPE brick_worker_requests_total counter", text, StringComparison.Ordinal);
        // Buckets in seconds, not OpenTelemetry's default (meant for milliseconds: 0, 5, 10, 25, …).
        Assert.Equal(0, PrometheusText.Value(text, "brick_worker_step_duration_seconds_bucket", ("step", "rescan"), ("le", "0.25")));
        Assert.Equal(1, PrometheusText.Value(text, "brick_worker_step_duration_seconds_bucket", ("step", "rescan"), ("le", "0.5")));
    }

    [Fact]
    public async Task Another_path_is_404()
    {
        await StartAsync($"127.0.0.1:{_port}");

        using var response = await _client.GetAsync(new Uri($"http://127.0.0.1:{_port}/"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_address_in_use_stops_the_start_with_the_address_named()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<HttpListenException>(() => StartAsync($"127.0.0.1:{port}"));

        Assert.Contains($"http://127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    private async Task StartAsync(string http)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Brick:Host"] = "compute-07",
            ["Brick:Http"] = http,
            ["Brick:SysRoot"] = "/",
            ["Brick:DevRoot"] = "/",
        });
        builder.Services.AddWorkerSettings().AddWorkerMetrics().AddWorkerTelemetry(builder.Configuration).AddWorkerHttp();
        builder.Services.AddHealthChecks().AddCheck("test-broker",
            () => new HealthCheckResult(_broker, _broker == HealthStatus.Healthy ? "connected" : "the test's broker is down"), [HealthTags.Ready]);
        _host = builder.Build();
        await _host.StartAsync(TestContext.Current.CancellationToken);
        _started = true;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetJsonAsync(string path)
    {
        using var response = await _client.GetAsync(new Uri($"http://127.0.0.1:{_port}{path}"), TestContext.Current.CancellationToken);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        return (response.StatusCode, body);
    }
}
