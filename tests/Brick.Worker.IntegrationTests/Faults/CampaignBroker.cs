using System.Diagnostics;
using Brick.Testing;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Networks;

namespace Brick.Worker.IntegrationTests.Faults;

/// <summary>
/// The broker of a fault campaign: one RabbitMQ node or a cluster of three, containers of <see cref="RabbitContainers.Image"/>
/// that this campaign alone uses (it restarts, pauses and stops them), each on a fixed host port so that its address
/// outlives a restart. User <c>guest</c>, password <c>guest</c>. Without Docker the test skips (fails in CI).
/// </summary>
public sealed class CampaignBroker : IAsyncDisposable
{
    /// <summary>
    /// How a cluster node starts: the image's own entrypoint script, with its two loopback-only lines (epmd and the
    /// Erlang distribution listener, "no clustering") taken out, and a shared Erlang cookie. The script refuses to go on
    /// when the lines are no longer there to take out, so a change to the image shows here rather than as a node
    /// that cannot join.
    /// </summary>
    private const string ClusterEntrypoint = """
        set -eu
        sed -e 's/^export ERL_EPMD_ADDRESS=127.0.0.1.*$/:/' -e '/^distribution.listener.interface = 127.0.0.1$/d' /usr/local/bin/start-rabbitmq.sh > /tmp/start-cluster-node.sh
        if grep -q '127.0.0.1' /tmp/start-cluster-node.sh || cmp -s /usr/local/bin/start-rabbitmq.sh /tmp/start-cluster-node.sh; then
          echo 'start-rabbitmq.sh no longer has the loopback-only lines this cluster takes out; see Faults/CampaignBroker.cs' >&2
          exit 64
        fi
        printf '%s' "$BRICK_ERLANG_COOKIE" > /var/lib/rabbitmq/.erlang.cookie
        chmod 400 /var/lib/rabbitmq/.erlang.cookie
        exec bash /tmp/start-cluster-node.sh
        """;

    private readonly List<IContainer> _nodes;
    private readonly IReadOnlyList<string> _names;
    private readonly INetwork? _network;

    private CampaignBroker(List<IContainer> nodes, IReadOnlyList<string> names, IReadOnlyList<int> ports, INetwork? network)
    {
        _nodes = nodes;
        _names = names;
        Ports = ports;
        _network = network;
    }

    /// <summary>The user every client and the worker use.</summary>
    public string UserName => "guest";

    /// <summary>Its password.</summary>
    public string Password => "guest";

    /// <summary>Each node's AMQP port on 127.0.0.1, the first node first.</summary>
    public IReadOnlyList<int> Ports { get; }

    /// <summary>How many nodes.</summary>
    public int Nodes => _nodes.Count;

    /// <summary>One node.</summary>
    public static async Task<CampaignBroker> SingleAsync()
    {
        const string what = "a broker of its own that it restarts and pauses";
        var port = RabbitContainers.FreePort();
        var node = BuildOrSkip(() => RabbitContainers.Build(port), what);
        await StartOrSkipAsync([node], what);
        return new CampaignBroker([node], ["rabbit@localhost"], [port], null);
    }

    /// <summary>
    /// Three nodes on a Docker network of their own, one Erlang cookie, nodes 2 and 3 joined to node 1 with
    /// <c>rabbitmqctl join_cluster</c>. Queues declared afterwards as quorum queues have a member on each node.
    /// </summary>
    public static async Task<CampaignBroker> ClusterAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var cookie = Guid.NewGuid().ToString("N").ToUpperInvariant();
        const string what = "a three-node RabbitMQ cluster of its own";
        var network = BuildOrSkip(() => new NetworkBuilder().WithName($"brick-campaign-{suffix}").Build(), what);
        var names = Enumerable.Range(1, 3).Select(i => $"rmq{i}-{suffix}").ToList();
        var ports = names.Select(_ => RabbitContainers.FreePort()).ToList();
        var nodes = BuildOrSkip(() => names.Select((name, i) => (IContainer)new ContainerBuilder(RabbitContainers.Image)
            .WithNetwork(network)
            .WithHostname(name)
            .WithNetworkAliases(name)
            .WithEnvironment("RABBITMQ_NODENAME", $"rabbit@{name}")
            .WithEnvironment("RABBITMQ_DEFAULT_USER", "guest")
            .WithEnvironment("RABBITMQ_DEFAULT_PASS", "guest")
            .WithEnvironment("BRICK_ERLANG_COOKIE", cookie)
            .WithEntrypoint("/usr/bin/tini", "--", "/bin/sh", "-c", ClusterEntrypoint)
            .WithPortBinding(ports[i], 5672)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("Server startup complete"))
            .WithCleanUp(true)
            .Build()).ToList(), what);
        try
        {
            await network.CreateAsync(TestContext.Current.CancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Unavailable(e, what);
        }

        var broker = new CampaignBroker(nodes, [.. names.Select(n => $"rabbit@{n}")], ports, network);
        try
        {
            await StartOrSkipAsync(nodes, what);
            foreach (var node in nodes.Skip(1))
            {
                string[][] join = [["stop_app"], ["reset"], ["join_cluster", $"rabbit@{names[0]}"], ["start_app"]];
                foreach (var command in join)
                    await RabbitmqctlAsync(node, command);
            }

            var status = await RabbitmqctlAsync(nodes[0], ["cluster_status", "--formatter", "json"]);
            foreach (var name in names)
                Assert.Contains($"rabbit@{name}", status, StringComparison.Ordinal);
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops node <paramref name="node"/> (SIGTERM, as <c>docker stop</c>).</summary>
    public Task StopAsync(int node) => _nodes[node].StopAsync(TestContext.Current.CancellationToken);

    /// <summary>Starts node <paramref name="node"/> again and waits until RabbitMQ in it has booted.</summary>
    public async Task StartAsync(int node)
    {
        await _nodes[node].StartAsync(TestContext.Current.CancellationToken);
        await AwaitStartupAsync(_nodes[node], TimeSpan.FromSeconds(120));
    }

    /// <summary>Stops node <paramref name="node"/> and starts it again (<c>docker stop</c>, <c>docker start</c>), its data kept.</summary>
    public async Task RestartAsync(int node)
    {
        await StopAsync(node);
        await StartAsync(node);
    }

    /// <summary>
    /// The connections named <paramref name="connectionName"/> (their client-provided name), as (Erlang process id, node),
    /// asked of node <paramref name="askNode"/> with <c>rabbitmqctl list_connections</c>, which lists every running
    /// node's connections. A connection made again has another process id.
    /// </summary>
    public async Task<IReadOnlyList<(string Pid, int Node)>> ConnectionsAsync(string connectionName, int askNode = 0)
    {
        var connections = new List<(string Pid, int Node)>();
        foreach (var line in (await RabbitmqctlAsync(_nodes[askNode], ["list_connections", "-q", "pid", "client_properties"])).Split('\n'))
        {
            if (!line.Contains($"\"{connectionName}\"", StringComparison.Ordinal))
                continue;
            var pid = line.Split('\t')[0].Trim();
            var node = Enumerable.Range(0, _nodes.Count).Where(i => pid.StartsWith($"<{_names[i]}.", StringComparison.Ordinal)).DefaultIfEmpty(-1).First();
            if (node < 0)
                throw new InvalidOperationException($"rabbitmqctl list_connections gave a connection of no node of this broker: {line}");
            connections.Add((pid, node));
        }

        return connections;
    }

    /// <summary>The node that holds the connection named <paramref name="connectionName"/>, or null when none does.</summary>
    public async Task<int?> NodeOfConnectionAsync(string connectionName, int askNode = 0)
    {
        var nodes = (await ConnectionsAsync(connectionName, askNode)).Select(c => c.Node).Distinct().ToList();
        return nodes.Count switch
        {
            0 => null,
            1 => nodes[0],
            _ => throw new InvalidOperationException($"Connections named '{connectionName}' on nodes {string.Join(", ", nodes.Select(n => n + 1))}"),
        };
    }

    /// <summary>Freezes node <paramref name="node"/> (<c>docker pause</c>): its sockets stay open, nothing answers.</summary>
    public Task PauseAsync(int node) => _nodes[node].PauseAsync(TestContext.Current.CancellationToken);

    /// <summary>Thaws node <paramref name="node"/>.</summary>
    public Task UnpauseAsync(int node) => _nodes[node].UnpauseAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
            await RabbitContainers.RemoveAsync(node);

        if (_network is not null)
        {
            try
            {
                await _network.DeleteAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await Console.Error.WriteLineAsync($"Could not remove network {_network.Name}: {e.Message}");
            }

            await _network.DisposeAsync();
        }
    }

    /// <summary>
    /// Testcontainers' builders ask the Docker endpoint when they build: without Docker that throws before anything
    /// starts, and the test must skip (or fail in CI) with the reason, not fail with the builder's exception.
    /// </summary>
    private static T BuildOrSkip<T>(Func<T> build, string what)
    {
        try
        {
            return build();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Unavailable(e, what);
            throw new UnreachableException();
        }
    }

    private static async Task StartOrSkipAsync(IReadOnlyList<IContainer> nodes, string what)
    {
        try
        {
            await Task.WhenAll(nodes.Select(n => n.StartAsync(TestContext.Current.CancellationToken)));
        }
        catch (Exception e)
        {
            // Every node that was created goes, also when the start was cancelled or one node was never created.
            foreach (var node in nodes)
                await RabbitContainers.RemoveAsync(node);
            if (e is OperationCanceledException)
                throw;
            Unavailable(e, what);
        }
    }

    private static void Unavailable(Exception e, string what)
    {
        if (Prerequisite.InCi)
            Console.Error.WriteLine(e.ToString());
        Prerequisite.Missing($"This fault campaign needs {what}, which takes Docker (BRICK_TEST_RABBITMQ_URI does not serve): " +
            $"start Docker (e.g. deploy/ci/start-docker.sh) so that Testcontainers can run {RabbitContainers.Image} (BRICK_TEST_RABBITMQ_IMAGE); " +
            $"CI (CI=true) runs it. Docker said: {e.GetBaseException().Message}");
    }

    private static async Task<string> RabbitmqctlAsync(IContainer node, IReadOnlyList<string> arguments)
    {
        var result = await node.ExecAsync(["rabbitmqctl", .. arguments], TestContext.Current.CancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} on {node.Hostname} exited {result.ExitCode}: {result.Stderr}{result.Stdout}");
        return result.Stdout;
    }

    /// <summary>
    /// Waits until the node's RabbitMQ has booted: <c>rabbitmqctl await_startup</c> answers only once the Erlang node
    /// is up, so it is asked again until it does.
    /// </summary>
    private static async Task AwaitStartupAsync(IContainer node, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var result = await node.ExecAsync(["rabbitmqctl", "await_startup"], TestContext.Current.CancellationToken);
            if (result.ExitCode == 0)
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"RabbitMQ in {node.Name} did not boot within {timeout}: {result.Stderr}{result.Stdout}");
            await Task.Delay(1000, TestContext.Current.CancellationToken);
        }
    }
}
