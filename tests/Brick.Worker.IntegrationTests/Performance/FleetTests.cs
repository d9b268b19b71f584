using Brick.Benchmarks;
using Brick.Testing;

namespace Brick.Worker.IntegrationTests.Performance;

/// <summary>Runs alone: a three-node cluster and ten consuming hosts would slow the tests beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FleetCollection
{
    public const string Name = "fleet (a three-node cluster, alone)";
}

/// <summary>
/// CI's size of the fleet benchmark (docs/performance.md "Fleet", issue 19 point 4): 300 hosts declared with the
/// services' own topology code on a three-node RabbitMQ cluster of this machine, ten of them consuming through
/// <c>run</c>'s own composition, then one node stopped. What CI holds is counted, not timed: no host has more queues of
/// a type than the topology code declares for one host, one host declares no more than two quorum queues (one per
/// consumer) and four queues in all, and no confirmed event goes without an outcome. The memory,
/// declare and latency figures are printed and written to <c>artifacts/fleet-figures.txt</c>, not judged (a shared
/// machine cannot hold them).
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class FleetTests(BrokerFixture broker)
{
    [Fact]
    public async Task A_fleet_of_300_hosts_has_no_more_queues_per_host_than_one_host_declares_and_loses_no_event_when_a_node_stops()
    {
        broker.Require();
        var cancellation = TestContext.Current.CancellationToken;
        var plan = FleetPlan.For("ci", []);

        FleetCluster cluster;
        try
        {
            cluster = await FleetCluster.StartAsync(plan.QuorumTick, cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Prerequisite.Missing($"No three-node RabbitMQ cluster (Docker, image {Environment.GetEnvironmentVariable("BRICK_TEST_RABBITMQ_IMAGE") ?? "brick/rabbitmq4:local"}): {e.GetBaseException().Message}");
            return;
        }

        await using (cluster)
        {
            var result = await FleetBenchmark.RunAsync(cluster, plan, cancellation);
            var figures = new Figures();
            var held = FleetFigures.Add(figures, result);
            Write(figures.Table());

            Assert.Equal(300, result.Hosts);
            // An idle host: one replicated queue per consumer (run, blockresize), nothing more (its error queues come with
            // its first failures); the count must not grow.
            Assert.Equal(2, result.Expected.QueuesByType.GetValueOrDefault("quorum"));
            Assert.True(result.Expected.QueuesByType.Values.Sum() <= 2, $"one idle host declares {result.Expected.QueuesByType.Values.Sum()} queues, more than 2");
            Assert.True(held, $"a host has more queues (by type) than the services' topology code declares for one host:\n{figures.Table()}");
            Assert.True(result.FailoverEvents > 0, "no event was confirmed across the node's stop");
            Assert.Equal(0, result.Lost);
        }
    }

    private static void Write(string table)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(table);
        Artifacts.Write("fleet-figures.txt", table);
    }
}
