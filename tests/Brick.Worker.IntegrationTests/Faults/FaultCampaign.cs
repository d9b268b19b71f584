using System.Diagnostics;
using System.Globalization;
using Brick.Contracts;
using Brick.Testing;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Faults;

/// <summary>A fault injected in the middle of a campaign's stream, e.g. a broker restart; it returns once it is over.</summary>
/// <param name="Name">What it is, for the figures (<c>broker restart</c>).</param>
/// <param name="InjectAsync">Injects it, with the campaign's broker and worker at hand.</param>
public sealed record Fault(string Name, Func<FaultCampaign, Task> InjectAsync);

/// <summary>
/// A stream of events through faults: a worker process (<c>brick-worker run</c>) on a <see cref="LoadHost"/> the test
/// owns, consuming from <paramref name="broker"/>; a control plane (<see cref="CampaignClient"/>) that grows each volume's
/// LUN and publishes an event for it, round after round, keeping at most one round of events unanswered; and the
/// faults, injected one by one once a share of the events is answered (with three faults, at a quarter, half and three
/// quarters), so that each lands in the middle of the stream. It ends when every event is answered or when nothing more
/// comes, and says what it saw in a <see cref="CampaignResult"/>; what must hold is the test's to assert.
/// </summary>
public sealed class FaultCampaign : IAsyncDisposable
{
    /// <summary>How long the stream may go without a new answer, once every fault is over, before the rest count as lost.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(60);

    /// <summary>How long the stream may go without a new answer at all, a fault still waiting for answers, before the campaign ends.</summary>
    private static readonly TimeSpan StoodStill = TimeSpan.FromMinutes(5);

    /// <summary>How long to listen for late duplicates after the last event is answered.</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(3);

    private readonly string _directory;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly List<WorkerProcess> _workers = [];
    private readonly List<string> _notes = [];

    private FaultCampaign(CampaignBroker broker, LoadHost host, string hostName, string directory, IReadOnlyDictionary<string, string> settings)
    {
        Broker = broker;
        Host = host;
        HostName = hostName;
        _directory = directory;
        _settings = settings;
    }

    /// <summary>The broker the campaign's faults act on.</summary>
    public CampaignBroker Broker { get; }

    /// <summary>The simulated host.</summary>
    public LoadHost Host { get; }

    /// <summary>The compute host's name.</summary>
    public string HostName { get; }

    /// <summary>The worker process running now.</summary>
    public WorkerProcess Worker => _workers[^1];

    /// <summary>
    /// Runs a campaign of <paramref name="size"/> (<see cref="CampaignSize.Current"/> when not given) on
    /// <paramref name="broker"/> with <paramref name="faults"/>; <paramref name="settings"/> add to or override the
    /// worker's settings (names without the <c>Brick:</c> prefix).
    /// </summary>
    public static async Task<CampaignResult> RunAsync(string name, CampaignBroker broker, IReadOnlyList<Fault> faults,
        IReadOnlyDictionary<string, string>? settings = null, CampaignSize? size = null)
    {
        size ??= CampaignSize.Current;
        var directory = Directory.CreateTempSubdirectory("brick-campaign-").FullName;
        await using var host = LoadHost.Create(size.Volumes, GiB);
        var hostName = Requests.UniqueHost(name);
        var workerSettings = WorkerSettings(broker, host, hostName, directory);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            workerSettings[key] = value;
        await using var campaign = new FaultCampaign(broker, host, hostName, directory, workerSettings);
        try
        {
            return await campaign.RunAsync(name, size, faults);
        }
        finally
        {
            await campaign.StopWorkerAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>SIGKILLs the worker and starts another at once, on the same host and queue.</summary>
    public async Task KillAndRestartWorkerAsync()
    {
        await Worker.KillAsync();
        StartWorker();
    }

    /// <summary>The RabbitMQ node the worker's bus is connected to now, or null while it is between two connections.</summary>
    public Task<int?> WorkerNodeAsync(int askNode = 0) => Broker.NodeOfConnectionAsync($"brick-worker {HostName}", askNode);

    /// <summary>The process ids of the worker's bus connections now (a connection made again has another).</summary>
    public async Task<IReadOnlyList<string>> WorkerConnectionsAsync() =>
        [.. (await Broker.ConnectionsAsync($"brick-worker {HostName}")).Select(c => c.Pid)];

    /// <summary>Adds what a fault found out (e.g. which node it stopped) to its line in the figures.</summary>
    public void Note(string note)
    {
        lock (_notes)
            _notes.Add(note);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
            await worker.DisposeAsync();
    }

    private async Task<CampaignResult> RunAsync(string name, CampaignSize size, IReadOnlyList<Fault> faults)
    {
        var clock = Stopwatch.StartNew();
        await using var client = await CampaignClient.CreateAsync(Broker, HostName);
        StartWorker();
        await client.WaitForConsumerAsync(TimeSpan.FromSeconds(120), () => Worker.HasExited ? $"the worker exited:\n{Worker.Tail()}" : null);

        var events = Enumerable.Range(0, size.EventsPerVolume)
            .SelectMany(round => Enumerable.Range(0, size.Volumes).Select(volume =>
                new CampaignEvent(Guid.NewGuid().ToString(), volume, round, CampaignSize.SizeAt(GiB, round))))
            .ToList();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var published = 0;
        var publishing = Task.Run(async () =>
        {
            foreach (var e in events)
            {
                while (published - client.Answered >= size.Volumes)
                    await Task.Delay(20, stop.Token);
                Host.Grow(e.Volume, e.SizeBytes); // the array has grown the LUN before its event is sent
                await client.PublishAsync(Requests.Local($"vol-{HostName}-{e.Volume}", HostName, e.Volume, e.SizeBytes), e.CorrelationId, stop.Token);
                Interlocked.Increment(ref published);
            }
        }, stop.Token);

        var injected = new List<string>();
        var injecting = Task.Run(async () =>
        {
            for (var i = 0; i < faults.Count; i++)
            {
                var at = (long)size.Events * (i + 1) / (faults.Count + 1);
                while (client.Answered < at)
                    await Task.Delay(20, stop.Token);
                var took = Stopwatch.StartNew();
                await faults[i].InjectAsync(this);
                string notes;
                lock (_notes)
                {
                    notes = _notes.Count == 0 ? "" : $", {string.Join(", ", _notes)}";
                    _notes.Clear();
                }

                lock (injected)
                    injected.Add(string.Create(CultureInfo.InvariantCulture, $"{faults[i].Name} at {at} answered ({took.Elapsed.TotalSeconds:0.0} s{notes})"));
            }
        }, stop.Token);

        // Until every event is answered, or the stream has stood still for a while with every fault over, or for far
        // longer with a fault still waiting for answers that do not come (what is unanswered then counts as lost).
        var last = (Answered: -1, At: Stopwatch.StartNew());
        while (client.Answered < size.Events)
        {
            foreach (var task in new[] { publishing, injecting }.Where(t => t.IsFaulted))
                await task; // a fault that could not be injected, or a publish that failed for good, ends the campaign
            RestartWorkerThatGaveUp();
            if (client.Answered != last.Answered)
                last = (client.Answered, Stopwatch.StartNew());
            else if ((injecting.IsCompleted && last.At.Elapsed > Quiet) || last.At.Elapsed > StoodStill)
                break;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        await Task.Delay(Linger, TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        foreach (var task in new[] { publishing, injecting })
        {
            try
            {
                await task;
            }
            catch (OperationCanceledException)
            {
                // stopped: what it had not done by now shows in the figures
            }
        }

        var streamSeconds = clock.Elapsed.TotalSeconds;
        await StopWorkerAsync();
        await Host.WaitForCallsToEndAsync(TimeSpan.FromSeconds(30)); // a call the last worker left behind ends
        var spans = Host.Spans();
        return new CampaignResult(
            name,
            size,
            events,
            events.ToDictionary(e => e.CorrelationId, e => client.OutcomesOf(e.CorrelationId)),
            Enumerable.Range(0, size.Volumes).Select(v => (v, Expected: events.Where(e => e.Volume == v).Max(e => e.SizeBytes), Shown: Host.SizeOf(v)))
                .Where(s => s.Expected != s.Shown).Select(s => $"/dev/loop{s.v}: {s.Shown} bytes, {s.Expected} asked").ToList(),
            LosetupSpan.Overlaps(spans),
            [.. injected],
            published,
            client.Republished,
            client.Reconnects,
            client.Redelivered,
            client.Strays.Count,
            spans.Count,
            _workers.Count,
            await client.CountAsync(EntityNames.Unrouted),
            await client.CountAsync(EntityNames.ErrorQueue(HostName)),
            streamSeconds,
            Worker.Tail());
    }

    /// <summary>
    /// Starts the worker again when it stopped by itself with exit code 3 (it gave up: a bus that could not start, a
    /// broker connection that stalled), as the service manager does (systemd's <c>Restart=on-failure</c>, a pod's restart).
    /// </summary>
    private void RestartWorkerThatGaveUp()
    {
        if (!Worker.HasExited || Worker.ExitCode != 3)
            return;
        var why = Worker.Lines.LastOrDefault(l => l.Contains("stopping with a non-zero exit code", StringComparison.Ordinal)) ?? "no reason logged";
        Note($"the worker exited 3 ({why.Trim()}) and was started again");
        StartWorker();
    }

    private void StartWorker()
    {
        var number = _workers.Count + 1;
        _workers.Add(ProcessWorker.Start(_settings, _directory, Path.Combine(_directory, $"worker-{number}.log")));
    }

    private async Task StopWorkerAsync()
    {
        if (_workers.Count > 0)
            await Worker.KillAsync();
    }

    /// <summary>
    /// The worker's settings: the host's roots and its <c>losetup</c>, every node of the broker
    /// (the URI's first, the others as <c>BrokerNodes</c>), the password from a file, short retry pauses, and enough
    /// concurrency for the stream.
    /// </summary>
    private static Dictionary<string, string> WorkerSettings(CampaignBroker broker, LoadHost host, string hostName, string directory)
    {
        var password = Path.Combine(directory, "broker-password");
        File.WriteAllText(password, broker.Password + "\n");
        File.SetUnixFileMode(password, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var settings = new Dictionary<string, string>
        {
            ["Host"] = hostName,
            ["Broker"] = $"amqp://{broker.UserName}@127.0.0.1:{broker.Ports[0]}/",
            ["BrokerPasswordFile"] = password,
            ["SysRoot"] = host.Host.Roots.SysRoot,
            ["DevRoot"] = host.Host.Roots.DevRoot,
            ["Multipathd"] = "/bin/false", // loop volumes only: no multipath map, no LUKS mapping
            ["Cryptsetup"] = "/bin/false",
            ["Losetup"] = host.Program,
            ["MaxConcurrency"] = "8",
            ["RetryInitialDelay"] = "00:00:00.200",
            ["RetryMaxDelay"] = "00:00:01",
            ["ShutdownTimeout"] = "00:00:02",
            ["OperationTimeout"] = "00:00:30",
            ["PathWaitTimeout"] = "00:00:05",
        };
        for (var i = 1; i < broker.Ports.Count; i++)
            settings[$"BrokerNodes:{i - 1}"] = $"127.0.0.1:{broker.Ports[i]}";
        return settings;
    }
}

/// <summary>One event of a campaign: volume <paramref name="Volume"/> asked to grow to <paramref name="SizeBytes"/>.</summary>
public sealed record CampaignEvent(string CorrelationId, int Volume, int Round, long SizeBytes);
