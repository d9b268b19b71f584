using Brick.Contracts;
using Brick.Simulation.Devices;
using Brick.Simulation.Hosts;
using RabbitMQ.Client.Exceptions;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests;

/// <summary>
/// What most tests need, set up in one call: a host name no other test uses, a simulated host with loop volumes
/// (<c>/dev/loop0</c>, …), a control plane (<see cref="ContractClient"/>) listening for the outcomes of that host, and a
/// worker consuming its queue. Disposing stops the worker, removes the host and deletes the queues and exchanges the
/// scenario declared on the broker, so that a shared broker keeps nothing of it.
/// </summary>
public sealed class WorkerScenario : IAsyncDisposable
{
    private readonly BrokerFixture _broker;
    private readonly IReadOnlyDictionary<string, string?>? _settings;
    private readonly Uri _workerBroker;
    private ContractClient? _client;
    private RunningWorker? _worker;

    private WorkerScenario(BrokerFixture broker, string hostName, SimulatedHost host, IReadOnlyList<SimulatedVolume> volumes,
        IReadOnlyDictionary<string, string?>? settings, Uri? workerBroker)
    {
        _broker = broker;
        _workerBroker = workerBroker ?? broker.Uri;
        _settings = settings;
        HostName = hostName;
        Host = host;
        Volumes = volumes;
    }

    /// <summary>The compute host's name: the routing key of its requests and outcomes.</summary>
    public string HostName { get; }

    /// <summary>The simulated host the worker runs on.</summary>
    public SimulatedHost Host { get; }

    /// <summary>Its loop volumes; volume <c>i</c> is <c>/dev/loopi</c>.</summary>
    public IReadOnlyList<SimulatedVolume> Volumes { get; }

    /// <summary>The control plane of this host.</summary>
    public ContractClient Client => _client ?? throw new InvalidOperationException("The scenario has not started.");

    /// <summary>The worker now running (or stopped).</summary>
    public RunningWorker Worker => _worker ?? throw new InvalidOperationException("The scenario has not started.");

    /// <summary>
    /// Sets up a scenario on <paramref name="broker"/> (skipping the test when there is none): <paramref name="volumes"/>
    /// loop volumes of <paramref name="sizeBytes"/>, a host name starting with <paramref name="prefix"/>, and a worker
    /// with <paramref name="settings"/> (see <see cref="RunningWorker.StartAsync"/>), which connects with
    /// <paramref name="workerBroker"/> (another user's URI) when given, else as the control plane does; the host is
    /// named <paramref name="hostName"/> when given.
    /// </summary>
    public static async Task<WorkerScenario> StartAsync(BrokerFixture broker, string prefix, int volumes = 1, long sizeBytes = GiB,
        IReadOnlyDictionary<string, string?>? settings = null, Uri? workerBroker = null, string? hostName = null)
    {
        broker.Require();
        var host = SimulatedHost.Create();
        var scenario = new WorkerScenario(broker, hostName ?? Requests.UniqueHost(prefix), host,
            [.. Enumerable.Range(0, volumes).Select(_ => host.AddLoopVolume(sizeBytes))], settings, workerBroker);
        try
        {
            scenario._client = await ContractClient.CreateAsync(broker, scenario.HostName);
            await scenario.StartWorkerAsync();
            return scenario;
        }
        catch
        {
            await scenario.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a new worker (after <see cref="RunningWorker.StopAsync"/>, a restart).</summary>
    public async Task StartWorkerAsync()
    {
        if (_worker is not null)
            await _worker.DisposeAsync();
        _worker = await RunningWorker.StartAsync(_workerBroker, HostName, Host, _settings);
    }

    /// <summary>A request for loop volume <paramref name="volume"/> of this host.</summary>
    public object Request(string volumeId, int volume, long newSizeBytes) => Requests.Local(volumeId, HostName, volume, newSizeBytes);

    /// <summary>Publishes a request to this host, as raw JSON.</summary>
    public Task PublishAsync(object request, string? correlationId = null) => Client.PublishAsync(HostName, request, correlationId);

    /// <summary>The array grows the LUN of loop volume <paramref name="volume"/>; the host sees it once <c>losetup</c> runs.</summary>
    public void Grow(int volume, long sizeBytes) => Volumes[volume].Lun.Grow(sizeBytes);

    /// <summary>The size the host shows for loop volume <paramref name="volume"/>.</summary>
    public long SizeOf(int volume) => Host.SizeOf(Volumes[volume].GuestDevice);

    /// <summary>Whether <c>losetup</c> has been started for loop volume <paramref name="volume"/>.</summary>
    public bool LosetupStarted(int volume) =>
        Host.ProgramCalls.Any(c => c.Program == "losetup" && c.Arguments.Contains($"/dev/{Volumes[volume].GuestDevice}"));

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
            await _worker.DisposeAsync();
        if (_client is not null)
            await _client.DisposeAsync();
        await Host.DisposeAsync();
        // A name over RabbitMQ's 255 bytes (the _skipped queue of the longest host name) cannot exist, nor be named to the broker.
        string[] names = [.. new[] { EntityNames.WorkerQueue(HostName), EntityNames.ErrorQueue(HostName), $"{EntityNames.WorkerQueue(HostName)}_skipped" }
            .Where(name => System.Text.Encoding.UTF8.GetByteCount(name) <= 255)];
        try
        {
            await _broker.RemoveAsync(queues: names, exchanges: names);
        }
        catch (Exception e) when (e is BrokerUnreachableException or OperationInterruptedException or AlreadyClosedException)
        {
            // A test that failed because the broker went away keeps its own failure; this one is only reported.
            await Console.Error.WriteLineAsync($"Could not remove {string.Join(", ", names)} from the broker: {e.Message}");
        }
    }
}
