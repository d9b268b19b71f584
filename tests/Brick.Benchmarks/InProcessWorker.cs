using Brick.Engine.Programs;
using Brick.Service.Composition;
using Brick.Simulation.Hosts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Brick.Benchmarks;

/// <summary>
/// <c>brick-worker run</c>'s own composition (ConsumerApplication with AddExtendService) in this process, on a simulated host whose programs
/// answer in-process: every call is what would be one process on a real host, and is counted by the host.
/// </summary>
internal sealed class InProcessWorker(IHost host) : IAsyncDisposable
{
    public static async Task<InProcessWorker> StartAsync(Uri broker, string hostName, SimulatedHost simulated, int prefetch, CancellationToken cancellationToken,
        IReadOnlyList<string>? moreNodes = null)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Brick:Host"] = hostName,
            ["Brick:Broker"] = broker.ToString(),
            ["Brick:SysRoot"] = simulated.Roots.SysRoot,
            ["Brick:DevRoot"] = simulated.Roots.DevRoot,
            ["Brick:PrefetchCount"] = prefetch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Brick:QueueType"] = "Quorum",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        // The other nodes of a cluster (Brick:BrokerNodes), which the bus connects to when its node is gone.
        foreach (var (node, i) in (moreNodes ?? []).Select((n, i) => (n, i)))
            overrides[$"Brick:BrokerNodes:{i}"] = node;
        var app = ConsumerApplication.Build(overrides, services => services.AddExtendService(), builder =>
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(SimulatedHost.Commands));
            builder.Services.Replace(ServiceDescriptor.Singleton<ICommandRunner>(simulated.CreateCommandRunner()));
        });
        await app.StartAsync(cancellationToken);
        var bus = app.Services.GetRequiredService<IBusControl>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (bus.CheckHealth().Status != BusHealthStatus.Healthy)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The worker's bus is not healthy after 60 s: {bus.CheckHealth().Description}");
            await Task.Delay(5, cancellationToken);
        }

        return new InProcessWorker(app);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }
}
