using System.Globalization;
using System.Text.Json;

namespace Brick.Benchmarks;

/// <summary>
/// A three-node RabbitMQ cluster on this machine for the fleet part: three containers of <c>BRICK_TEST_RABBITMQ_IMAGE</c>
/// (<c>brick/rabbitmq4:local</c> by default; no registry) on a user-defined network of their own, one Erlang cookie, nodes
/// 2 and 3 joined to node 1 (<c>stop_app</c>, <c>join_cluster</c>, <c>start_app</c>), the repository's
/// <c>deploy/rabbitmq/definitions.json</c> imported. The image's start script keeps Erlang distribution and epmd on
/// loopback (a single node); each container gets a <c>rabbitmq-env.conf</c> that lifts that and a config file of its own
/// (the script's, with distribution on every interface). Every container and the network are removed on dispose, also
/// after a failure or Ctrl+C.
/// </summary>
internal sealed class FleetCluster : IAsyncDisposable
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(240);

    private readonly string _network;
    private readonly List<string> _containers = [];
    private readonly string _files;

    private FleetCluster(string id, string image, TimeSpan? quorumTick)
    {
        _network = $"brick-fleet-{id}";
        Image = image;
        QuorumTick = quorumTick;
        _files = Directory.CreateTempSubdirectory("brick-fleet-").FullName;
    }

    public string Image { get; }

    /// <summary>RabbitMQ's <c>quorum_tick_interval</c> on every node; null: its default (5 s).</summary>
    public TimeSpan? QuorumTick { get; }

    /// <summary>The containers, node 1 first.</summary>
    public IReadOnlyList<string> Nodes => _containers;

    /// <summary>Each node's AMQP address (its address on the cluster's network, reachable from this machine), node 1 first.</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    /// <summary>Node <paramref name="index"/>'s broker URI.</summary>
    public Uri Uri(int index) => new($"amqp://guest:guest@{Addresses[index]}:5672/");

    /// <param name="quorumTick">RabbitMQ's <c>quorum_tick_interval</c> for every node (an Erlang argument of the node); null: its default.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public static async Task<FleetCluster> StartAsync(TimeSpan? quorumTick, CancellationToken cancellationToken)
    {
        var image = Environment.GetEnvironmentVariable("BRICK_TEST_RABBITMQ_IMAGE") is { Length: > 0 } i ? i : "brick/rabbitmq4:local";
        var cluster = new FleetCluster(Guid.NewGuid().ToString("N")[..8], image, quorumTick);
        try
        {
            await cluster.CreateAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        var env = Path.Combine(_files, "rabbitmq-env.conf");
        // The tick is an application setting with no rabbitmq.conf key (advanced.config, or the node's Erlang arguments).
        var tickArgs = QuorumTick is { } t
            ? string.Create(CultureInfo.InvariantCulture, $"RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=\"-rabbit quorum_tick_interval {(long)t.TotalMilliseconds}\"\nexport RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS\n")
            : "";
        await File.WriteAllTextAsync(env, "# brick fleet benchmark: distribution reachable from the other nodes\nunset ERL_EPMD_ADDRESS\n" +
            "RABBITMQ_CONFIG_FILE=/etc/rabbitmq/fleet.conf\nexport RABBITMQ_CONFIG_FILE\n" + tickArgs, cancellationToken);
        var conf = Path.Combine(_files, "fleet.conf");
        await File.WriteAllTextAsync(conf, "listeners.tcp.default = 5672\nloopback_users = none\nlog.console = true\nlog.console.level = warning\nlog.file = false\n",
            cancellationToken);
        var cookie = Path.Combine(_files, "cookie");
        await File.WriteAllTextAsync(cookie, Guid.NewGuid().ToString("N").ToUpperInvariant(), cancellationToken);
        File.SetUnixFileMode(cookie, UnixFileMode.UserRead);

        await DockerCli.RunAsync(["network", "create", _network], Short, cancellationToken);
        for (var n = 1; n <= 3; n++)
        {
            var name = $"{_network}-{n}";
            // Noted before it exists: a create cut short (Ctrl+C, a time limit) may still have made it, and `rm -f` of a
            // container that is not there does no harm.
            _containers.Add(name);
            await DockerCli.RunAsync(["create", "--name", name, "--hostname", name, "--network", _network,
                "-e", $"RABBITMQ_NODENAME=rabbit@{name}", Image], Short, cancellationToken);
            await DockerCli.RunAsync(["cp", env, $"{name}:/etc/rabbitmq/rabbitmq-env.conf"], Short, cancellationToken);
            await DockerCli.RunAsync(["cp", conf, $"{name}:/etc/rabbitmq/fleet.conf"], Short, cancellationToken);
            await DockerCli.RunAsync(["cp", cookie, $"{name}:/var/lib/rabbitmq/.erlang.cookie"], Short, cancellationToken);
            await DockerCli.RunAsync(["start", name], Short, cancellationToken);
        }

        foreach (var node in _containers)
            await AwaitStartupAsync(node, cancellationToken);
        foreach (var node in _containers.Skip(1))
        {
            await CtlAsync(node, ["stop_app"], cancellationToken);
            await CtlAsync(node, ["join_cluster", $"rabbit@{_containers[0]}"], cancellationToken);
            await CtlAsync(node, ["start_app"], cancellationToken);
        }

        using (var status = JsonDocument.Parse(await CtlAsync(_containers[0], ["cluster_status", "--formatter", "json"], cancellationToken)))
        {
            var running = status.RootElement.GetProperty("running_nodes").GetArrayLength();
            if (running != 3)
                throw new InvalidOperationException($"the cluster has {running} running nodes, not 3");
        }

        if (QuorumTick is { } tick)
        {
            // Checked, not assumed: an Erlang argument the node did not take would leave the default in place unseen.
            var expected = string.Create(CultureInfo.InvariantCulture, $"{{ok,{(long)tick.TotalMilliseconds}}}");
            foreach (var node in _containers)
            {
                var seen = (await CtlAsync(node, ["eval", "application:get_env(rabbit, quorum_tick_interval)."], cancellationToken)).Trim();
                if (seen != expected)
                    throw new InvalidOperationException($"{node}: quorum_tick_interval is {seen}, not {expected}");
            }
        }

        var definitions = Path.Combine(Brick.Testing.RepositoryRoot.Path, "deploy", "rabbitmq", "definitions.json");
        await DockerCli.RunAsync(["cp", definitions, $"{_containers[0]}:/tmp/brick-definitions.json"], Short, cancellationToken);
        await CtlAsync(_containers[0], ["import_definitions", "/tmp/brick-definitions.json"], cancellationToken);

        var addresses = new List<string>();
        foreach (var node in _containers)
            addresses.Add((await DockerCli.RunAsync(["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", node], Short, cancellationToken)).Stdout.Trim());
        Addresses = addresses;
    }

    /// <summary>
    /// Waits up to 180 s until <paramref name="node"/> has started. <c>await_startup</c> waits for the broker to boot but
    /// fails at once (exit 69, "not running at all") while the Erlang VM has not registered yet, which on a loaded
    /// machine can be seconds after <c>docker start</c> (seen in CI): that is asked again until the time is up, and the
    /// node's last log lines go with the failure.
    /// </summary>
    private async Task AwaitStartupAsync(string node, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        while (true)
        {
            var (exit, stdout, stderr) = await DockerCli.RunAsync(["exec", node, "rabbitmqctl", "-q", "await_startup", "--timeout", "180"], Long,
                cancellationToken, check: false);
            if (exit == 0)
                return;
            if (DateTime.UtcNow >= deadline)
            {
                var logs = await DockerCli.RunAsync(["logs", "--tail", "40", node], Short, cancellationToken, check: false);
                throw new InvalidOperationException(
                    $"{node} did not start within 180 s: rabbitmqctl await_startup exited {exit}: {stderr}{stdout}\nits log:\n{logs.Stdout}{logs.Stderr}");
            }

            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }
    }

    /// <summary><c>rabbitmqctl -q ARGS</c> on <paramref name="node"/> within <paramref name="timeout"/> (4 min by default); its output.</summary>
    public async Task<string> CtlAsync(string node, IReadOnlyList<string> arguments, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        (await DockerCli.RunAsync(["exec", node, "rabbitmqctl", "-q", .. arguments], timeout ?? Long, cancellationToken)).Stdout;

    /// <summary>The Erlang VM's memory on <paramref name="node"/> (<c>erlang:memory(total)</c>, the OS's RSS, RabbitMQ's kinds), after a full GC of its processes.</summary>
    public async Task<NodeMemory> MemoryAsync(string node, CancellationToken cancellationToken)
    {
        await CtlAsync(node, ["force_gc"], cancellationToken);
        return NodeMemory.Parse(await CtlAsync(node, ["status", "--formatter", "json"], cancellationToken));
    }

    /// <summary>Every node's memory, node 1 first: the median of <paramref name="samples"/> snapshots <paramref name="apart"/> apart.</summary>
    public async Task<NodeMemory[]> MemoryAsync(int samples, TimeSpan apart, CancellationToken cancellationToken)
    {
        var taken = _containers.Select(_ => new List<NodeMemory>()).ToArray();
        for (var i = 0; i < samples; i++)
        {
            if (i > 0)
                await Task.Delay(apart, cancellationToken);
            for (var n = 0; n < _containers.Count; n++)
                taken[n].Add(await MemoryAsync(_containers[n], cancellationToken));
        }

        return [.. taken.Select(NodeMemory.Median)];
    }

    /// <summary>
    /// The CPU time <paramref name="node"/>'s container has spent so far: its cgroup's counter as the container sees it
    /// (cgroup v2 <c>cpu.stat</c> <c>usage_usec</c>, else v1 <c>cpuacct.usage</c> in nanoseconds).
    /// </summary>
    public async Task<TimeSpan> CpuTimeAsync(string node, CancellationToken cancellationToken)
    {
        var v2 = await DockerCli.RunAsync(["exec", node, "cat", "/sys/fs/cgroup/cpu.stat"], Short, cancellationToken, check: false);
        if (v2.ExitCode == 0)
        {
            var usage = v2.Stdout.Split('\n').Select(l => l.Split(' ')).First(f => f is ["usage_usec", _])[1];
            return TimeSpan.FromMicroseconds(long.Parse(usage, CultureInfo.InvariantCulture));
        }

        var v1 = await DockerCli.RunAsync(["exec", node, "cat", "/sys/fs/cgroup/cpuacct/cpuacct.usage"], Short, cancellationToken);
        return TimeSpan.FromTicks(long.Parse(v1.Stdout.Trim(), CultureInfo.InvariantCulture) / 100);
    }

    /// <summary>Stops node <paramref name="index"/> (<c>docker stop</c>: the broker shuts down as on a host's shutdown).</summary>
    public Task StopNodeAsync(int index, CancellationToken cancellationToken) =>
        DockerCli.RunAsync(["stop", _containers[index]], Long, cancellationToken);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"3-node cluster of {Image} ({string.Join(", ", _containers)}), quorum_tick_interval {(QuorumTick is { } t ? $"{t.TotalMilliseconds:0} ms" : "default (5000 ms)")}");

    public async ValueTask DisposeAsync()
    {
        foreach (var container in _containers)
            await DockerCli.RunAsync(["rm", "-f", "-v", container], Long, CancellationToken.None, check: false);
        await DockerCli.RunAsync(["network", "rm", _network], Short, CancellationToken.None, check: false);
        try
        {
            Directory.Delete(_files, recursive: true);
        }
        catch (IOException)
        {
            // Left in /tmp: nothing secret (the cookie of a cluster that is gone).
        }
    }
}
