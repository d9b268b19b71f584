using Brick.Contracts;
using Brick.Service.Composition;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Brick.Simulation.Hosts;
using Brick.Simulation.StandIns;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;

namespace Brick.Worker.IntegrationTests;

/// <summary>
/// A <c>brick-worker run</c> service in this process, for one host name, on a <see cref="SimulatedHost"/> whose
/// stand-in programs it starts as processes. The one file of these tests that names the worker's own types and
/// settings: the service, and the pieces of it the tests borrow (the contract's shared topology, a MassTransit publisher).
/// </summary>
public sealed class RunningWorker : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private RunningWorker(IHost host) => _host = host;

    /// <summary>
    /// Builds and starts a worker; <paramref name="settings"/> overrides settings by name (<c>RetryLimit</c>, …), which
    /// the worker checks as it checks its configuration: a name it does not know fails the start.
    /// </summary>
    public static async Task<RunningWorker> StartAsync(Uri broker, string hostName, SimulatedHost host,
        IReadOnlyDictionary<string, string?>? settings = null, bool waitUntilConsuming = true)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Brick:Host"] = hostName,
            ["Brick:Broker"] = broker.ToString(),
            ["Brick:SysRoot"] = host.Roots.SysRoot,
            ["Brick:DevRoot"] = host.Roots.DevRoot,
            ["Brick:Multipathd"] = host.Programs.Multipathd,
            ["Brick:Cryptsetup"] = host.Programs.Cryptsetup,
            ["Brick:Losetup"] = host.Programs.Losetup,
            ["Brick:RetryInitialDelay"] = "00:00:00.200",
            ["Brick:RetryMaxDelay"] = "00:00:01",
            ["Brick:PathWaitTimeout"] = "00:00:01",
            ["Brick:ShutdownTimeout"] = "00:00:02",
            ["Brick:OperationTimeout"] = "00:00:20",
            // Every probe of a test asserts again what it asks about (a binding just deleted, a permission just taken).
            ["Brick:ReadinessInterval"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            overrides[$"Brick:{key}"] = value;

        var worker = new RunningWorker(ConsumerApplication.Build(overrides, services => services.AddExtendService()));
        try
        {
            await worker._host.StartAsync(TestContext.Current.CancellationToken);
            if (waitUntilConsuming)
                await worker.WaitUntilConsumingAsync(TimeSpan.FromSeconds(60));
            return worker;
        }
        catch
        {
            // Returned to no one: stopped here, or its bus would go on consuming (and its host's programs running) after the test.
            await worker.DisposeAsync();
            throw;
        }
    }

    /// <summary>The worker's services (its readiness checks, its broker address).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Declares the contract's shared exchanges and queue as the worker does.</summary>
    public static Task DeclareSharedTopologyAsync(IChannel channel, CancellationToken cancellationToken) =>
        ContractTopology.DeclareSharedAsync(channel, cancellationToken);

    /// <summary>
    /// What deploy/rabbitmq/definitions.json makes that grant-host.sh starts from: the contract's shared entities and the
    /// delivery-limit policies' dead-letter exchanges, each bound to the fleet's dead-letter queue of its name (the
    /// operator's; no worker declares them). Not the policies.
    /// </summary>
    public static async Task DeclareOperatorTopologyAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await ContractTopology.DeclareSharedAsync(channel, cancellationToken);
        await OperatorDefinitions.DeclareDeadLetterPathAsync(channel, EntityNames.WorkerDeadLetterExchange, cancellationToken);
        await OperatorDefinitions.DeclareDeadLetterPathAsync(channel, EntityNames.BlockresizeDeadLetterExchange, cancellationToken);
    }

    /// <summary>A started MassTransit bus that publishes <c>VolumeExtended</c> by the contract, configured as the worker's own publishing code says.</summary>
    public static async Task<IBusControl> StartPublisherAsync(Uri broker)
    {
        var address = BrokerAddress.TryParse(broker.ToString(), [], out _)!;
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            BrokerConnections.ConfigureHost(rabbit, address, "brick-test publisher");
            ContractPublishing.ConfigureVolumeExtended(rabbit);
        });
        await bus.StartAsync(TestContext.Current.CancellationToken);
        return bus;
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
