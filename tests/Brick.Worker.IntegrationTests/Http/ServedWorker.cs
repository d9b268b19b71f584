using System.Diagnostics;
using System.Net;
using Brick.Testing;

namespace Brick.Worker.IntegrationTests.Http;

/// <summary>
/// <c>brick-worker run --simulate --http 127.0.0.1:PORT</c> as its own process (the program built beside the tests), for
/// one host name of its own, on the test broker; its output kept, its endpoints asked over HTTP. Disposing it stops it
/// with SIGTERM (as systemd and Kubernetes do) and removes its queues.
/// </summary>
internal sealed class ServedWorker : IAsyncDisposable
{
    private readonly BrokerFixture _broker;
    private readonly WorkerProcess _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private ServedWorker(BrokerFixture broker, string host, int port, WorkerProcess process)
    {
        _broker = broker;
        HostName = host;
        Port = port;
        _process = process;
    }

    public string HostName { get; }

    public int Port { get; }

    /// <summary>The worker's pid.</summary>
    public int ProcessId => _process.Id;

    /// <summary>What the worker printed so far.</summary>
    public string Output => _process.Output;

    /// <summary>Starts the worker; <paramref name="environment"/> adds variables (<c>OTEL_*</c>).</summary>
    public static ServedWorker Start(BrokerFixture broker, string hostPrefix, IReadOnlyDictionary<string, string>? environment = null)
    {
        var host = Requests.UniqueHost(hostPrefix);
        var port = LoopbackPort.Free();
        var process = WorkerProcess.Start(["run", "--simulate", "--host", host, "--broker", broker.Uri.ToString(), "--http", $"127.0.0.1:{port}"],
            new WorkerStart { Environment = environment ?? new Dictionary<string, string>(), StopGrace = TimeSpan.FromSeconds(30) });
        return new ServedWorker(broker, host, port, process);
    }

    /// <summary>GETs <paramref name="path"/>: the status and the body.</summary>
    public async Task<(HttpStatusCode Status, string Body, string? ContentType)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{Port}{path}"), TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
            response.Content.Headers.ContentType?.ToString());
    }

    /// <summary>The Prometheus text of <c>/metrics</c>.</summary>
    public async Task<string> ScrapeAsync()
    {
        var (status, body, _) = await GetAsync("/metrics");
        Assert.True(status == HttpStatusCode.OK, $"/metrics answered {status}: {body}");
        return body;
    }

    /// <summary>Waits until <c>/readyz</c> answers 200 (the bus consuming), failing with the worker's output otherwise.</summary>
    public async Task<string> WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        var last = "no answer";
        while (deadline.Elapsed < timeout)
        {
            Assert.False(_process.HasExited, $"brick-worker exited ({_process.ExitCode}):{Environment.NewLine}{Output}");
            try
            {
                var (status, body, _) = await GetAsync("/readyz");
                if (status == HttpStatusCode.OK)
                    return body;
                last = $"{(int)status} {body}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message; // not listening yet
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"/readyz not 200 within {timeout} (last: {last}):{Environment.NewLine}{Output}");
        return "";
    }

    /// <summary>Sends SIGTERM and waits for the exit code (-1 where it had to be killed after <paramref name="timeout"/>).</summary>
    public Task<int> TerminateAsync(TimeSpan timeout) => _process.StopAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
        await ProcessWorker.RemoveAsync(_broker, HostName);
    }
}
