using Brick.Service.Hosting;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Brick.Worker.IntegrationTests;

/// <summary>A <c>brick-worker run</c> service in this process, for one host name, on a <see cref="LoopHost"/>.</summary>
public sealed class RunningWorker : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private RunningWorker(IHost host) => _host = host;

    /// <summary>Builds and starts a worker; <paramref name="settings"/> overrides (keys without <c>Brick:</c>).</summary>
    public static async Task<RunningWorker> StartAsync(Uri broker, string hostName, LoopHost loops, IReadOnlyDictionary<string, string?>? settings = null, bool waitUntilConsuming = true)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Brick:Host"] = hostName,
            ["Brick:Broker"] = broker.ToString(),
            ["Brick:SysRoot"] = loops.SysRoot,
            ["Brick:DevRoot"] = loops.DevRoot,
            ["Brick:Losetup"] = loops.Losetup,
            ["Brick:RetryInitialDelay"] = "00:00:00.200",
            ["Brick:RetryMaxDelay"] = "00:00:01",
            ["Brick:PathWaitTimeout"] = "00:00:01",
            ["Brick:ShutdownTimeout"] = "00:00:02",
            ["Brick:OperationTimeout"] = "00:00:20",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            overrides[$"Brick:{key}"] = value;

        var host = WorkerApplication.Build(overrides);
        await host.StartAsync(TestContext.Current.CancellationToken);
        var worker = new RunningWorker(host);
        if (waitUntilConsuming)
            await worker.WaitUntilConsumingAsync(TimeSpan.FromSeconds(60));
        return worker;
    }

    /// <summary>Waits until the bus reports its endpoint healthy (queue declared, bound and consumed).</summary>
    public async Task WaitUntilConsumingAsync(TimeSpan timeout)
    {
        var bus = _host.Services.GetRequiredService<IBusControl>();
        var deadline = DateTime.UtcNow + timeout;
        while (bus.CheckHealth().Status != BusHealthStatus.Healthy)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The worker's bus is not healthy after {timeout}: {bus.CheckHealth().Description}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Stops like SIGTERM does: no new messages, work in flight gets the shutdown timeout.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        await _host.StopAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
