using System.Text.RegularExpressions;
using Brick.Contracts;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Credentials;

/// <summary>
/// Each node connects as a broker user of its own (deploy/kubernetes/README.md): with exactly the permissions that
/// README gives <c>brick-worker-$NODE</c>, a worker declares its topology (its error queue bound to the delivery-limit
/// policy's dead-letter exchange included), is ready and answers; it may not touch another node's queue.
/// </summary>
public sealed partial class NodeIdentityTests(BrokerFixture broker)
{
    [GeneratedRegex(@"rabbitmqctl set_permissions -p / ""brick-worker-\$NODE"" \\\s*""(?<configure>[^""]+)"" \\\s*""(?<write>[^""]+)"" \\\s*""(?<read>[^""]+)""")]
    private static partial Regex DocumentedPermissions();

    private static (string Configure, string Write, string Read) PermissionsFor(string node)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "deploy", "kubernetes", "README.md"));
        var match = DocumentedPermissions().Match(readme);
        Assert.True(match.Success, "deploy/kubernetes/README.md gives no `rabbitmqctl set_permissions -p / \"brick-worker-$NODE\" …` of three regexes");
        string For(string group) => match.Groups[group].Value.Replace("$NODE", node, StringComparison.Ordinal);
        return (For("configure"), For("write"), For("read"));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Brick.Worker.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("not built inside the repository");
    }

    [Fact]
    public async Task A_worker_with_the_documented_per_node_permissions_is_ready_and_answers_and_cannot_read_another_node_s_queue()
    {
        broker.Require();
        var host = Requests.UniqueHost("node");
        var user = BrokerUser.Named(broker, "brick-worker");
        await using var _ = user;
        await user.CreateAsync();
        var (configure, write, read) = PermissionsFor(host);
        await user.SetPermissionsAsync(configure, write, read);
        // The dead-letter exchange of the delivery-limit policy, as deploy/rabbitmq/definitions.json imports it (the
        // operator's, not the worker's to declare); the worker binds its error queue to it.
        await using (var connection = await broker.ConnectAsync())
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken))
        {
            await channel.ExchangeDeclareAsync(EntityNames.WorkerDeadLetterExchange, "direct", durable: true, autoDelete: false,
                cancellationToken: TestContext.Current.CancellationToken);
        }

        await using var scenario = await WorkerScenario.StartAsync(broker, "node", workerBroker: user.Uri, hostName: host);
        scenario.Grow(0, 2 * GiB);
        var volume = Requests.UniqueVolume();
        await scenario.PublishAsync(scenario.Request(volume, 0, 2 * GiB));
        var outcome = await scenario.Client.WaitForVolumeAsync(volume, TimeSpan.FromSeconds(60));

        Assert.True(outcome.Resized, outcome.ToString());
        var bindings = await broker.RabbitmqctlAsync("list_bindings", "-q", "--no-table-headers", "source_name", "destination_name", "routing_key");
        Assert.Contains($"{EntityNames.WorkerDeadLetterExchange}\t{EntityNames.ErrorQueue(host)}\t{host}",
            bindings.Split('\n', StringSplitOptions.TrimEntries));
        Assert.Matches(configure, EntityNames.WorkerQueue(host));
        Assert.DoesNotMatch(read, EntityNames.WorkerQueue(host + "x"));
        Assert.DoesNotMatch(read, EntityNames.WorkerQueue("other-node"));
        Assert.DoesNotMatch(write, EntityNames.VolumeExtendedExchange); // it cannot send requests, to itself or another node
    }
}
