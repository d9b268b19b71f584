using System.Diagnostics;
using System.Globalization;
using Brick.Testing;

namespace Brick.Worker.IntegrationTests.Faults;

/// <summary>
/// Faults under load: a stream of events (2,000 over 200 volumes in CI, <see cref="CampaignSize"/>) through a worker
/// process while the worker is SIGKILLed, the broker is restarted, the broker is frozen longer than the worker's
/// heartbeat, or nodes of a three-node cluster are stopped and started. After each: every event answered, none by a failure,
/// every volume at its largest requested size, no two <c>losetup</c> calls on one volume at once; duplicates counted
/// and allowed. The figures go to the test's output and <c>artifacts/reliability-figures.md</c> (docs/reliability.md).
/// One class: the campaigns run one after another.
/// </summary>
public sealed class FaultCampaignTests
{
    private const string Reconnected = "the worker connected again";

    /// <summary>How long the broker stays frozen: well over the time the worker takes to see its heartbeat gone (about two heartbeats).</summary>
    private static readonly TimeSpan Frozen = TimeSpan.FromSeconds(20);

    /// <summary>The worker's heartbeat in the freeze campaign (<c>Brick:BrokerHeartbeat</c>; 20 s by default).</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(4);

    /// <summary>How long a cluster node stays down (at least; its stop and start take longer).</summary>
    private static readonly TimeSpan NodeDown = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The cluster campaign's size: 1,000 events over 100 volumes in CI, where forming the cluster and stopping and
    /// starting its nodes take two minutes of the four that 2,000 events took; <c>BRICK_FAULT_CAMPAIGN_SCALE</c> gives
    /// every campaign its full size.
    /// </summary>
    private static CampaignSize ClusterSize => CampaignSize.CurrentOr(volumes: 100);

    [Fact]
    public async Task A_stream_through_three_worker_kills_loses_no_event()
    {
        await using var broker = await CampaignBroker.SingleAsync();
        var kill = new Fault("worker SIGKILL and restart", campaign => campaign.KillAndRestartWorkerAsync());

        var result = await FaultCampaign.RunAsync("kills", broker, [kill, kill, kill]);

        Holds(result, faults: 3);
        Assert.Equal(4, result.WorkerStarts);
    }

    [Fact]
    public async Task A_stream_through_three_broker_restarts_loses_no_event()
    {
        await using var broker = await CampaignBroker.SingleAsync();
        var restart = new Fault("broker stopped and started", campaign => campaign.Broker.RestartAsync(0));

        var result = await FaultCampaign.RunAsync("broker-restarts", broker, [restart, restart, restart]);

        Holds(result, faults: 3);
    }

    [Fact]
    public async Task A_stream_through_three_broker_freezes_longer_than_the_heartbeat_loses_no_event()
    {
        await using var broker = await CampaignBroker.SingleAsync();
        var freeze = new Fault($"broker paused {Frozen.TotalSeconds:0} s (heartbeat {Heartbeat.TotalSeconds:0} s)", async campaign =>
        {
            var before = await campaign.WorkerConnectionsAsync();
            await campaign.Broker.PauseAsync(0);
            await Task.Delay(Frozen, TestContext.Current.CancellationToken);
            await campaign.Broker.UnpauseAsync(0);
            campaign.Note(await ReconnectedAsync(campaign, before) ? Reconnected : "the worker kept its connection");
        });

        var result = await FaultCampaign.RunAsync("broker-freezes", broker, [freeze, freeze, freeze],
            new Dictionary<string, string> { ["BrokerHeartbeat"] = Heartbeat.ToString("c", CultureInfo.InvariantCulture) });

        Holds(result, faults: 3);
        Assert.True(result.FaultsInjected.All(f => f.Contains(Reconnected, StringComparison.Ordinal)),
            "The worker did not connect again after each freeze (its heartbeat did not cut the frozen connection):\n" + result.Explain());
    }

    [Fact]
    public async Task A_stream_through_cluster_nodes_stopped_and_started_loses_no_event()
    {
        await using var broker = await CampaignBroker.ClusterAsync();
        var workerNode = new Fault("the worker's node stopped and started", async campaign =>
        {
            var node = await WorkerNodeAsync(campaign, broker);
            await broker.StopAsync(node);
            var down = Stopwatch.StartNew();
            var moved = await WorkerNodeAsync(campaign, broker, askNode: (node + 1) % broker.Nodes);
            campaign.Note($"node {node + 1}, the worker on node {moved + 1} {down.Elapsed.TotalSeconds:0} s later");
            await Task.Delay(NodeDown - down.Elapsed > TimeSpan.Zero ? NodeDown - down.Elapsed : TimeSpan.Zero, TestContext.Current.CancellationToken);
            await broker.StartAsync(node);
        });
        var otherNode = new Fault("a node the worker is not on stopped and started", async campaign =>
        {
            var on = await WorkerNodeAsync(campaign, broker);
            var node = (on + 1) % broker.Nodes;
            campaign.Note($"node {node + 1}, the worker on node {on + 1}");
            await broker.StopAsync(node);
            await Task.Delay(NodeDown, TestContext.Current.CancellationToken);
            await broker.StartAsync(node);
        });

        var result = await FaultCampaign.RunAsync("cluster-node-restarts", broker, [workerNode, otherNode, workerNode], size: ClusterSize);

        Holds(result, faults: 3);
    }

    /// <summary>The node the worker is connected to, asked of a node that is up, waiting while it is between connections.</summary>
    private static async Task<int> WorkerNodeAsync(FaultCampaign campaign, CampaignBroker broker, int askNode = 0)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (await campaign.WorkerNodeAsync(askNode) is { } node)
                return node;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The worker held no connection to any of the {broker.Nodes} nodes for 60 s");
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Whether the worker's bus makes a connection other than <paramref name="before"/> within a minute.</summary>
    private static async Task<bool> ReconnectedAsync(FaultCampaign campaign, IReadOnlyList<string> before)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if ((await campaign.WorkerConnectionsAsync()).Except(before).Any())
                return true;
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        return false;
    }

    private static void Holds(CampaignResult result, int faults)
    {
        var report = ReliabilityFigures.Record($"{nameof(FaultCampaignTests)}: {result.Name}", result.Figures());
        TestContext.Current.TestOutputHelper?.WriteLine(report);

        Assert.True(result.FaultsInjected.Count == faults, result.Explain());
        Assert.True(result.Lost.Count == 0, result.Explain());
        Assert.True(result.Failures.Count == 0, result.Explain());
        Assert.True(result.ShortSuccesses.Count == 0, result.Explain());
        Assert.True(result.WrongSizes.Count == 0, result.Explain());
        Assert.True(result.Overlaps.Count == 0, result.Explain());
        Assert.True(result.Strays == 0, result.Explain());
        Assert.True(result.Unrouted == 0 && result.ErrorQueue == 0, result.Explain());
    }
}
