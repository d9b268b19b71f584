using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Brick.Contracts;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Brick.Simulation.Devices;
using Brick.Simulation.Hosts;
using RabbitMQ.Client;

namespace Brick.Benchmarks;

/// <summary>
/// The fleet part's size: <c>--hosts N</c> idle hosts, the sampled hosts that run real consumers, and the events of each
/// latency sample; and the cluster's quorum queue tick (<c>--quorum-tick SECONDS</c>: RabbitMQ's
/// <c>quorum_tick_interval</c>; its own default, 5 s, when not given). Each memory figure is the median of
/// <see cref="MemorySamples"/> snapshots <see cref="MemoryApart"/> apart (the quorum queues' heaps move between ticks).
/// </summary>
public sealed record FleetPlan(int Hosts, int SampleHosts, int LatencyEvents, TimeSpan RestWindow, TimeSpan? QuorumTick = null)
{
    /// <summary>How many snapshots each memory figure takes the median of: 3 (1 with <c>--size ci</c>).</summary>
    public int MemorySamples { get; init; } = 3;

    /// <summary>The time between two snapshots: the quorum tick (5 s by default), at least 20 s.</summary>
    public TimeSpan MemoryApart => QuorumTick is { } tick && tick > TimeSpan.FromSeconds(20) ? tick : TimeSpan.FromSeconds(20);

    public static FleetPlan For(string size, IReadOnlyList<string> args)
    {
        var hosts = args.SkipWhile(a => a != "--hosts").Skip(1).FirstOrDefault() is { } given
            ? int.Parse(given, System.Globalization.CultureInfo.InvariantCulture)
            : size == "ci" ? 300 : 1000;
        if (hosts < 1)
            throw new FormatException("--hosts is a number of hosts, at least 1");
        TimeSpan? tick = null;
        if (args.Contains("--quorum-tick"))
        {
            if (!int.TryParse(args.SkipWhile(a => a != "--quorum-tick").Skip(1).FirstOrDefault(), System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 3600)
                throw new FormatException("--quorum-tick is a number of seconds, 1 to 3600");
            tick = TimeSpan.FromSeconds(seconds);
        }

        return new FleetPlan(hosts, 10, size == "ci" ? 100 : 500, TimeSpan.FromSeconds(size == "ci" ? 10 : 30), tick)
        {
            MemorySamples = size == "ci" ? 1 : 3,
        };
    }
}

/// <summary>Queues, exchanges and bindings of a set of hosts, per host; queues by type.</summary>
public sealed record HostCounts(IReadOnlyDictionary<string, double> QueuesByType, double Exchanges, double Bindings, double QuorumMembers);

/// <summary>What a fleet of hosts costs a three-node cluster, and how its sampled hosts fare (see <see cref="FleetBenchmark"/>).</summary>
public sealed record FleetResult(
    int Hosts, int SampleHosts, HostCounts Expected, HostCounts Idle, HostCounts Sampled,
    double[] HostBytesPerNode, double[] HostRssBytesPerNode, double[] FloorBytesPerNode,
    IReadOnlyDictionary<string, double>[] HostKindsPerNode, IReadOnlyDictionary<string, double>[] FloorKindsPerNode,
    double DeclareP50Ms, double DeclareP99Ms, double DeclareWallSeconds, int Declarers,
    IReadOnlyList<double> LatencyFew, IReadOnlyList<double> LatencyMany, double[] RestingCpuFew, double[] RestingCpuMany, double RestWindowSeconds,
    double RecoverySeconds, double RecoveryMedianSeconds, int FailoverEvents, int Lost, int Duplicates, int Failed, int PublishRetries, double StopSeconds,
    string StoppedNode, double TotalSeconds);

/// <summary>
/// Issue 19 point 4: <c>--hosts N</c> hosts' entities declared with the services' own topology code
/// (<see cref="HostDeclaration.DeclareAsync"/>) on a three-node RabbitMQ 4.0 cluster of this machine (<see cref="FleetCluster"/>);
/// the broker memory each idle host costs each node, against the floor measured in the same run (two bare quorum queues
/// per host, one binding each, in a virtual host of their own, deleted after); queues per host by type, exchanges and
/// bindings per host; declare time per host; publish → outcome through real consumers (<c>run</c>'s own composition,
/// in-process, on simulated hosts) of a sample of hosts, with only the sample declared and again with all N; then one
/// node stopped while events flow: the time until every sampled host consumes again and the events lost.
/// </summary>
internal static class FleetBenchmark
{
    private const int Declarers = 4;
    private const string IdlePrefix = "fleet-h";
    private const string SamplePrefix = "fleet-s";
    private const string ProbeHost = "fleet-probe";
    private const string FloorVhost = "brick-fleet-floor";

    /// <summary>How long one declaration may wait for the broker's answer: RabbitMQ.Client's 20 s is too short for a cluster of tens of thousands of quorum queues on a loaded machine.</summary>
    private static readonly TimeSpan SlowBroker = TimeSpan.FromMinutes(2);

    public static async Task<FleetResult> RunAsync(FleetCluster cluster, FleetPlan plan, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var nodes = cluster.Addresses;
        var first = cluster.Nodes[0];

        // What the services' topology code declares for one host, as the broker lists it: the expected count per host.
        var admin = await new ConnectionFactory { Uri = cluster.Uri(0), ClientProvidedName = "brick-fleet-declare" }.CreateConnectionAsync(cancellationToken);
        await using (admin)
            await HostDeclaration.DeclareAsync(admin, Host(ProbeHost), Endpoint, cancellationToken);
        var expected = await CountAsync(cluster, [ProbeHost], 1, cancellationToken);
        Log($"one host declares: {Describe(expected)}");

        var floor = await FloorAsync(cluster, plan, cancellationToken);
        Log($"floor: {string.Join(", ", floor.Bytes.Select(b => $"{b / 1024:0.#} KiB"))} per host per node");

        // The sampled hosts: their entities as the services declare them, then run's own composition consuming for each.
        var samples = Enumerable.Range(0, plan.SampleHosts).Select(i => $"{SamplePrefix}{i:D2}").ToList();
        var simulated = new List<SimulatedHost>();
        var volumes = new List<IReadOnlyList<SimulatedVolume>>();
        var workers = new List<InProcessWorker>();
        try
        {
            await using (var connection = await new ConnectionFactory { Uri = cluster.Uri(0) }.CreateConnectionAsync(cancellationToken))
            {
                foreach (var host in samples)
                    await HostDeclaration.DeclareAsync(connection, Host(host), Endpoint, cancellationToken);
            }

            for (var i = 0; i < samples.Count; i++)
            {
                var host = SimulatedHost.Create();
                simulated.Add(host);
                volumes.Add([host.AddIscsiVolume(10L << 30, paths: 2, multipath: true), host.AddIscsiVolume(10L << 30, paths: 2, multipath: true)]);
                var own = i % nodes.Count;
                workers.Add(await InProcessWorker.StartAsync(cluster.Uri(own), samples[i], host, 64, cancellationToken,
                    [.. nodes.Where((_, n) => n != own).Select(n => $"{n}:5672")]));
            }

            Log($"{samples.Count} sampled hosts consuming");
            await using var plane = await FleetPlane.CreateAsync(nodes, samples, cancellationToken);
            var sizes = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            // A first event per host warms each worker (its first delivery, its first operation) before anything is timed.
            await LatencyAsync(plane, samples, volumes, samples.Count * 2, "warm", cancellationToken);
            var few = await LatencyAsync(plane, samples, volumes, plan.LatencyEvents, "few", cancellationToken);
            // After the sampled hosts' own traffic, so that only the idle hosts are between before and after.
            var before = await cluster.MemoryAsync(plan.MemorySamples, plan.MemoryApart, cancellationToken);
            Log($"latency with {samples.Count} hosts: p50 {Percentiles.Of(few, 50):0.##} ms, p99 {Percentiles.Of(few, 99):0.##} ms");
            var restingFew = await RestingCpuAsync(cluster, plan.RestWindow, cancellationToken);

            var (declareTimes, declareWall) = await DeclareHostsAsync(cluster, plan.Hosts, cancellationToken);
            Log($"declared {plan.Hosts} hosts in {declareWall:0.#} s");
            var after = await cluster.MemoryAsync(plan.MemorySamples, plan.MemoryApart, cancellationToken);
            double[] hostBytes = [.. after.Select((a, n) => (double)(a.Erlang - before[n].Erlang) / plan.Hosts)];
            IReadOnlyDictionary<string, double>[] hostKinds = [.. after.Select((a, n) => NodeMemory.Growth(before[n], a, plan.Hosts))];
            // Logged as measured: a later step that fails must not take the figure with it.
            Log($"memory per idle host: {string.Join(", ", hostBytes.Select(b => $"{b / 1024:0.#} KiB"))} per node " +
                $"(floor {string.Join(", ", floor.Bytes.Select(b => $"{b / 1024:0.#}"))}); held structures {string.Join(", ", hostKinds.Select(k => $"{NodeMemory.HeldOf(k) / 1024:0.#} KiB"))}");
            var idle = await CountAsync(cluster, [IdlePrefix], plan.Hosts + samples.Count, cancellationToken);
            Log($"idle hosts: {Describe(idle)}");
            var restingMany = await RestingCpuAsync(cluster, plan.RestWindow, cancellationToken);

            var many = await LatencyAsync(plane, samples, volumes, plan.LatencyEvents, "many", cancellationToken);
            Log($"latency with {plan.Hosts + samples.Count} hosts: p50 {Percentiles.Of(many, 50):0.##} ms, p99 {Percentiles.Of(many, 99):0.##} ms");
            var sampled = await CountAsync(cluster, [SamplePrefix], plan.Hosts + samples.Count, cancellationToken, hosts: samples.Count);

            var failover = await FailoverAsync(cluster, plane, samples, volumes, cancellationToken);
            Log($"node {failover.Node} stopped: every sampled host consumed again after {failover.Recovery:0.##} s; lost {failover.Lost}, duplicates {failover.Duplicates}");

            return new FleetResult(plan.Hosts, samples.Count, expected, idle, sampled,
                hostBytes, [.. after.Select((a, n) => (double)(a.Rss - before[n].Rss) / plan.Hosts)], floor.Bytes, hostKinds, floor.Kinds,
                Percentiles.Of(declareTimes, 50), Percentiles.Of(declareTimes, 99), declareWall, Declarers,
                few, many, restingFew, restingMany, plan.RestWindow.TotalSeconds, failover.Recovery, failover.RecoveryMedian, failover.Events, failover.Lost, failover.Duplicates, failover.Failed, failover.Retries,
                failover.StopSeconds, failover.Node, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            foreach (var worker in workers)
                await worker.DisposeAsync();
            foreach (var host in simulated)
                await host.DisposeAsync();
        }
    }

    /// <summary>The services' settings of <paramref name="host"/>: their defaults (queue types), as a host runs them.</summary>
    /// <summary>The endpoint's settings every declared host has: the services' defaults (their queue types).</summary>
    private static readonly EndpointSettings Endpoint = new();

    private static HostSettings Host(string host) => new() { Host = host };

    private static void Log(string line) => Console.WriteLine($"fleet [{DateTime.UtcNow:HH:mm:ss}] {line}");

    private static string Describe(HostCounts c) =>
        $"queues {string.Join(", ", c.QueuesByType.Select(t => $"{t.Value:0.##} {t.Key}"))}; exchanges {c.Exchanges:0.##}; bindings {c.Bindings:0.##}; quorum members {c.QuorumMembers:0.##}";

    /// <summary>
    /// The floor: <paramref name="hosts"/> × 2 bare quorum queues (a host's two work queues, <c>run</c>'s and
    /// <c>blockresize</c>'s), each with one binding, in a virtual host of their own, deleted after; bytes per host per node.
    /// </summary>
    private static async Task<(double[] Bytes, IReadOnlyDictionary<string, double>[] Kinds)> FloorAsync(FleetCluster cluster, FleetPlan plan, CancellationToken cancellationToken)
    {
        var hosts = plan.Hosts;
        await cluster.CtlAsync(cluster.Nodes[0], ["add_vhost", FloorVhost], cancellationToken);
        await cluster.CtlAsync(cluster.Nodes[0], ["set_permissions", "-p", FloorVhost, "guest", ".*", ".*", ".*"], cancellationToken);
        try
        {
            var before = await cluster.MemoryAsync(plan.MemorySamples, plan.MemoryApart, cancellationToken);
            await AtOnceAsync(cluster, hosts * 2, FloorVhost, "brick-fleet-floor", async (declarer, q) =>
            {
                var channel = await declarer.ChannelAsync(cancellationToken);
                var name = $"floor-{q:D6}";
                await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false,
                    arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
                await channel.QueueBindAsync(name, "amq.direct", name, cancellationToken: cancellationToken);
            }, cancellationToken);
            var after = await cluster.MemoryAsync(plan.MemorySamples, plan.MemoryApart, cancellationToken);
            double[] floor = [.. after.Select((a, n) => (double)(a.Erlang - before[n].Erlang) / hosts)];
            Log($"floor measured: {string.Join(", ", floor.Select(b => $"{b / 1024:0.#} KiB"))} per host per node; deleting its {hosts * 2} queues");
            await DeleteFloorQueuesAsync(cluster, hosts * 2, cancellationToken);
            return (floor, [.. after.Select((a, n) => NodeMemory.Growth(before[n], a, hosts))]);
        }
        finally
        {
            // Deleting a virtual host deletes its queues one by one: 20,000 quorum queues took longer than 4 min. A
            // failure here is logged, never thrown: it would hide the one that brought the run here.
            // On Ctrl+C the cluster goes whole, at once: no waiting for the deletion.
            try
            {
                if (!cancellationToken.IsCancellationRequested)
                    await cluster.CtlAsync(cluster.Nodes[0], ["delete_vhost", FloorVhost], CancellationToken.None, TimeSpan.FromMinutes(4) + TimeSpan.FromMilliseconds(30 * hosts * 2));
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                Log($"the floor's virtual host was not deleted: {e.Message.Split('\n')[0]}");
            }
        }
    }

    /// <summary>
    /// Each node's CPU, as a share of one core, over <paramref name="window"/> while nothing is sent (the sampled hosts'
    /// workers idle on their queues), after 5 s for the last command's work to end: what holding the declared entities costs.
    /// </summary>
    private static async Task<double[]> RestingCpuAsync(FleetCluster cluster, TimeSpan window, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var start = await Task.WhenAll(cluster.Nodes.Select(n => cluster.CpuTimeAsync(n, cancellationToken)));
        var clock = Stopwatch.StartNew();
        await Task.Delay(window, cancellationToken);
        var end = await Task.WhenAll(cluster.Nodes.Select(n => cluster.CpuTimeAsync(n, cancellationToken)));
        var seconds = clock.Elapsed.TotalSeconds;
        var shares = end.Select((e, n) => (e - start[n]).TotalSeconds / seconds).ToArray();
        Log($"at rest: {string.Join(", ", shares.Select(c => $"{c * 100:0.#} %"))} of a core per node over {seconds:0} s");
        return shares;
    }

    /// <summary>Deletes the floor's queues, <see cref="Declarers"/> at once, before its virtual host goes.</summary>
    private static async Task DeleteFloorQueuesAsync(FleetCluster cluster, int queues, CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        await AtOnceAsync(cluster, queues, FloorVhost, "brick-fleet-floor", async (declarer, q) =>
            await (await declarer.ChannelAsync(cancellationToken)).QueueDeleteAsync($"floor-{q:D6}", cancellationToken: cancellationToken),
            cancellationToken);
        Log($"floor's {queues} queues deleted in {wall.Elapsed.TotalSeconds:0} s");
    }

    /// <summary>Declares <paramref name="hosts"/> idle hosts through <see cref="HostDeclaration"/>, <see cref="Declarers"/> at once (one connection each, spread over the nodes).</summary>
    private static async Task<(List<double> PerHostMs, double WallSeconds)> DeclareHostsAsync(FleetCluster cluster, int hosts, CancellationToken cancellationToken)
    {
        var times = new ConcurrentBag<double>();
        var wall = Stopwatch.StartNew();
        await AtOnceAsync(cluster, hosts, "/", "brick-fleet-declare", async (declarer, h) =>
        {
            var started = Stopwatch.GetTimestamp();
            await HostDeclaration.DeclareAsync(declarer.Connection, Host($"{IdlePrefix}{h:D5}"), Endpoint, cancellationToken);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (h > 0 && h % 500 == 0)
                Log($"  {h} hosts declared ({wall.Elapsed.TotalSeconds:0} s)");
        }, cancellationToken);
        return ([.. times], wall.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// <paramref name="work"/> for each of 0 … <paramref name="count"/> − 1, <see cref="Declarers"/> at once, each
    /// declarer on a connection of its own to <paramref name="vhost"/>, spread over the nodes (named
    /// <paramref name="name"/>-<em>d</em>), and waiting up to <see cref="SlowBroker"/> for each answer.
    /// </summary>
    private static Task AtOnceAsync(FleetCluster cluster, int count, string vhost, string name, Func<Declarer, int, Task> work, CancellationToken cancellationToken)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, Declarers).Select(async d =>
        {
            var factory = new ConnectionFactory
            {
                Uri = cluster.Uri(d % cluster.Addresses.Count), VirtualHost = vhost, ClientProvidedName = $"{name}-{d}", ContinuationTimeout = SlowBroker,
            };
            await using var declarer = new Declarer(await factory.CreateConnectionAsync(cancellationToken), cancellationToken);
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
                await work(declarer, i);
        }));
    }

    /// <summary>
    /// One of <see cref="AtOnceAsync"/>'s declarers: its connection, and one channel opened when first asked for. After
    /// Ctrl+C (<paramref name="stopped"/>) the connection is aborted, not closed: a close waits for the broker's answer,
    /// which a busy cluster gives after the declarations already sent, up to <see cref="SlowBroker"/> later.
    /// </summary>
    private sealed class Declarer(IConnection connection, CancellationToken stopped) : IAsyncDisposable
    {
        private IChannel? _channel;

        public IConnection Connection => connection;

        public async ValueTask<IChannel> ChannelAsync(CancellationToken cancellationToken) =>
            _channel ??= await connection.CreateChannelAsync(cancellationToken: cancellationToken);

        public async ValueTask DisposeAsync()
        {
            if (stopped.IsCancellationRequested)
                await connection.AbortAsync(TimeSpan.FromSeconds(2));
            if (_channel is not null)
                await _channel.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// The broker's queues (by type), exchanges and bindings whose name (or, for a binding, source, destination or key)
    /// holds one of <paramref name="markers"/>, per host (<paramref name="hosts"/>: how many hosts the markers stand for;
    /// by default, for a prefix, every distinct host name found among the queues).
    /// </summary>
    private static async Task<HostCounts> CountAsync(FleetCluster cluster, IReadOnlyList<string> markers, int declared, CancellationToken cancellationToken, int? hosts = null)
    {
        bool Ours(string text) => markers.Any(m => text.Contains(m, StringComparison.Ordinal));
        var node = cluster.Nodes[0];
        // Each listing covers every host declared, whatever the markers: 10,000 hosts' bindings took over 4 min on a loaded machine.
        var limit = TimeSpan.FromMinutes(4) + TimeSpan.FromMilliseconds(30.0 * declared);
        using var queues = JsonDocument.Parse(await cluster.CtlAsync(node, ["list_queues", "name", "type", "members", "--formatter", "json"], cancellationToken, limit));
        using var exchanges = JsonDocument.Parse(await cluster.CtlAsync(node, ["list_exchanges", "name", "--formatter", "json"], cancellationToken, limit));
        using var bindings = JsonDocument.Parse(await cluster.CtlAsync(node,
            ["list_bindings", "source_name", "destination_name", "routing_key", "--formatter", "json"], cancellationToken, limit));

        var byType = new Dictionary<string, int>(StringComparer.Ordinal);
        var members = new List<int>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var q in queues.RootElement.EnumerateArray())
        {
            var name = q.GetProperty("name").GetString() ?? "";
            if (!Ours(name))
                continue;
            var type = q.GetProperty("type").GetString() ?? "?";
            byType[type] = byType.GetValueOrDefault(type) + 1;
            if (type == "quorum" && q.TryGetProperty("members", out var m) && m.ValueKind == JsonValueKind.Array)
                members.Add(m.GetArrayLength());
            foreach (var marker in markers)
            {
                var at = name.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0)
                    names.Add(new string([.. name[at..].TakeWhile(c => c is not ('_' or '.'))]));
            }
        }

        var count = Math.Max(1, hosts ?? names.Count);
        var ex = exchanges.RootElement.EnumerateArray().Count(e => Ours(e.GetProperty("name").GetString() ?? ""));
        var bi = bindings.RootElement.EnumerateArray().Count(b =>
            Ours(b.GetProperty("source_name").GetString() ?? "") || Ours(b.GetProperty("destination_name").GetString() ?? "") || Ours(b.GetProperty("routing_key").GetString() ?? ""));
        return new HostCounts(byType.ToDictionary(t => t.Key, t => (double)t.Value / count, StringComparer.Ordinal), (double)ex / count, (double)bi / count,
            members.Count == 0 ? 0 : members.Average());
    }

    /// <summary>Sequential publish → outcome over the sampled hosts, round robin, each event growing one of its host's volumes.</summary>
    private static async Task<List<double>> LatencyAsync(FleetPlane plane, IReadOnlyList<string> hosts, List<IReadOnlyList<SimulatedVolume>> volumes,
        int events, string label, CancellationToken cancellationToken)
    {
        await using var channel = await plane.PublisherAsync(cancellationToken);
        var times = new List<double>();
        for (var i = 0; i < events; i++)
        {
            var h = i % hosts.Count;
            var (id, request) = Next(hosts[h], volumes[h], i / hosts.Count, $"{label}-{i}");
            var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            plane.Waiters[id] = arrived;
            var sent = Stopwatch.GetTimestamp();
            await FleetPlane.PublishAsync(channel, request, id, cancellationToken);
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            times.Add(Stopwatch.GetElapsedTime(sent, plane.Outcomes[id].At).TotalMilliseconds);
        }

        return times;
    }

    /// <summary>The next event of <paramref name="host"/>: its volume <paramref name="n"/> (of its volumes, in turn) grown by 1 GiB.</summary>
    private static (string Id, VolumeExtended Request) Next(string host, IReadOnlyList<SimulatedVolume> volumes, int n, string id)
    {
        var v = n % volumes.Count;
        var volume = volumes[v];
        lock (volume)
        {
            var size = volume.Lun.SizeBytes + (1L << 30);
            volume.Lun.Grow(size);
            return (id, new VolumeExtended($"vol-{v}", host, "att-1", size, volume.Connection, DateTimeOffset.UtcNow));
        }
    }

    private sealed record Failover(string Node, double Recovery, double RecoveryMedian, int Events, int Lost, int Duplicates, int Failed, int Retries, double StopSeconds);

    /// <summary>
    /// Events flow to every sampled host (one publishing loop each, an event every 100 ms, each confirmed; a publish that
    /// fails is sent again with the same id); node 2 is stopped; once every host has answered an event published after
    /// the stop (or 180 s), publishing stops, and each confirmed event must have exactly one outcome within 120 s.
    /// </summary>
    private static async Task<Failover> FailoverAsync(FleetCluster cluster, FleetPlane plane, IReadOnlyList<string> hosts,
        List<IReadOnlyList<SimulatedVolume>> volumes, CancellationToken cancellationToken)
    {
        const int Stopped = 1;
        var confirmed = new ConcurrentDictionary<string, (int Host, long At)>(StringComparer.Ordinal);
        var retries = 0;
        long downAt = long.MaxValue;
        var recovered = new long[hosts.Count];
        using var stopPublishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var loops = hosts.Select((host, h) => Task.Run(async () =>
        {
            var channel = await plane.PublisherAsync(cancellationToken);
            try
            {
                for (var k = 0; !stopPublishing.IsCancellationRequested; k++)
                {
                    var (id, request) = Next(host, volumes[h], k, $"fo-{h}-{k}");
                    while (true)
                    {
                        var at = Stopwatch.GetTimestamp();
                        try
                        {
                            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                            limit.CancelAfter(TimeSpan.FromSeconds(15));
                            if (!channel.IsOpen)
                            {
                                await channel.DisposeAsync();
                                channel = await plane.PublisherAsync(limit.Token);
                            }

                            await FleetPlane.PublishAsync(channel, request, id, limit.Token);
                            confirmed[id] = (h, at);
                            break;
                        }
                        catch (Exception) when (!cancellationToken.IsCancellationRequested)
                        {
                            Interlocked.Increment(ref retries);
                            await Task.Delay(200, cancellationToken);
                        }
                    }

                    await Task.Delay(100, cancellationToken);
                }
            }
            finally
            {
                await channel.DisposeAsync();
            }
        }, cancellationToken)).ToList();

        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var stopStarted = Stopwatch.GetTimestamp();
        await cluster.StopNodeAsync(Stopped, cancellationToken);
        var stopSeconds = Stopwatch.GetElapsedTime(stopStarted).TotalSeconds;
        Interlocked.Exchange(ref downAt, Stopwatch.GetTimestamp());

        var deadline = Stopwatch.GetTimestamp() + 180 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            foreach (var (id, (h, at)) in confirmed)
            {
                if (at >= downAt && plane.Outcomes.TryGetValue(id, out var outcome) && (recovered[h] == 0 || outcome.At < recovered[h]))
                    recovered[h] = outcome.At;
            }

            if (recovered.All(r => r != 0))
                break;
            await Task.Delay(100, cancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        await stopPublishing.CancelAsync();
        await Task.WhenAll(loops);

        var wait = Stopwatch.GetTimestamp() + 120 * Stopwatch.Frequency;
        while (confirmed.Keys.Any(id => !plane.Outcomes.ContainsKey(id)) && Stopwatch.GetTimestamp() < wait)
            await Task.Delay(100, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);

        var lost = confirmed.Keys.Count(id => !plane.Outcomes.ContainsKey(id));
        var duplicates = confirmed.Keys.Count(id => plane.Counts.GetValueOrDefault(id) > 1);
        var failed = confirmed.Keys.Count(id => plane.Outcomes.TryGetValue(id, out var o) && !o.Resized);
        var recovery = recovered.Select(r => r == 0 ? double.PositiveInfinity : Stopwatch.GetElapsedTime(stopStarted, r).TotalSeconds).ToList();
        return new Failover(cluster.Nodes[Stopped], recovery.Max(), Percentiles.Of(recovery, 50), confirmed.Count, lost, duplicates, failed, retries, stopSeconds);
    }
}
