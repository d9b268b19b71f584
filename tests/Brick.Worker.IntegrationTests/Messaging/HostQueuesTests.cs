using Brick.Contracts;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Messaging;

/// <summary>
/// What one host costs the broker (issue 19, a topology for a fleet): while idle, one replicated queue per consumer, its
/// work queue, and the exchange MassTransit names after it, nothing more; once the worker has moved a failure, its error
/// queue too, a classic queue (<c>Brick:ErrorQueueType</c>, classic by default), which costs a twentieth of a quorum
/// queue, with its exchange.
/// An error queue an earlier version made a quorum queue is not silently redeclared: the operator keeps it with
/// <c>ErrorQueueType Quorum</c> until it is drained (docs/wire-contract.md, "Migrating from quorum error queues").
/// </summary>
public sealed class HostQueuesTests(BrokerFixture broker)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_idle_host_has_one_replicated_queue_and_once_a_message_failed_a_classic_error_queue_and_nothing_more()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker, "perhost",
            settings: new Dictionary<string, string?> { ["QueueType"] = "Quorum", ["RetryLimit"] = "0" });
        var volume = Requests.UniqueVolume();
        Assert.Equal([(EntityNames.WorkerQueue(scenario.HostName), "quorum")], await OfHostAsync("list_queues", scenario.HostName));
        Assert.Equal([(EntityNames.WorkerQueue(scenario.HostName), "fanout")], await OfHostAsync("list_exchanges", scenario.HostName));

        await scenario.Client.PublishAsync(scenario.HostName, Requests.Local(volume, Requests.UniqueHost("other"), 0, 2 * GiB)); // Misrouted

        var copy = Assert.Single(await ErrorCopies.TakeAsync(broker, EntityNames.ErrorQueue(scenario.HostName), 1, Patience));
        Assert.Equal(nameof(ResizeFailureReason.Misrouted), copy.Header(EntityNames.ReasonHeader)); // moved by the worker, not dead-lettered
        Assert.Equal(
            [(EntityNames.WorkerQueue(scenario.HostName), "quorum"), (EntityNames.ErrorQueue(scenario.HostName), "classic")],
            await OfHostAsync("list_queues", scenario.HostName));
        Assert.Equal(
            [(EntityNames.WorkerQueue(scenario.HostName), "fanout"), (EntityNames.ErrorQueue(scenario.HostName), "fanout")],
            await OfHostAsync("list_exchanges", scenario.HostName));
    }

    /// <summary>
    /// The longest host name the worker takes (236 bytes: <c>brick-worker.&lt;host&gt;_error</c> is then 255, RabbitMQ's
    /// limit) has its quorum work queue and its error queue. RabbitMQ 4.0.5 and 3.10 both took 255-byte quorum queue
    /// names in a virtual host of 20 bytes too (tried by hand): the virtual host does not shorten the limit.
    /// </summary>
    [Fact]
    public async Task A_host_name_of_the_longest_length_the_worker_takes_has_both_of_its_queues()
    {
        var host = Requests.UniqueHost("long").PadRight(Service.Settings.HostSettingsValidator.MaxHostLength, 'x');
        Assert.Equal(255, System.Text.Encoding.UTF8.GetByteCount(EntityNames.ErrorQueue(host)));
        await using var scenario = await WorkerScenario.StartAsync(broker, "long", hostName: host,
            settings: new Dictionary<string, string?> { ["QueueType"] = "Quorum", ["RetryLimit"] = "0" });

        await scenario.Client.PublishAsync(host, Requests.Local(Requests.UniqueVolume(), Requests.UniqueHost("other"), 0, 2 * GiB));

        var copy = Assert.Single(await ErrorCopies.TakeAsync(broker, EntityNames.ErrorQueue(host), 1, Patience));
        Assert.Equal(nameof(ResizeFailureReason.Misrouted), copy.Header(EntityNames.ReasonHeader));
        Assert.Equal([(EntityNames.WorkerQueue(host), "quorum"), (EntityNames.ErrorQueue(host), "classic")], await OfHostAsync("list_queues", host));
    }

    [Fact]
    public async Task An_error_queue_an_earlier_version_made_a_quorum_queue_is_used_as_it_is_with_ErrorQueueType_Quorum()
    {
        var host = Requests.UniqueHost("oldq");
        await using (var connection = await broker.ConnectAsync())
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken))
        {
            await channel.QueueDeclareAsync(EntityNames.ErrorQueue(host), durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: TestContext.Current.CancellationToken);
        }

        await using var scenario = await WorkerScenario.StartAsync(broker, "oldq", hostName: host,
            settings: new Dictionary<string, string?> { ["QueueType"] = "Quorum", ["ErrorQueueType"] = "Quorum", ["RetryLimit"] = "0" });
        await scenario.Client.PublishAsync(host, Requests.Local(Requests.UniqueVolume(), Requests.UniqueHost("other"), 0, 2 * GiB));

        var copy = Assert.Single(await ErrorCopies.TakeAsync(broker, EntityNames.ErrorQueue(host), 1, Patience));
        Assert.Equal(nameof(ResizeFailureReason.Misrouted), copy.Header(EntityNames.ReasonHeader));
        Assert.Contains((EntityNames.ErrorQueue(host), "quorum"), await OfHostAsync("list_queues", host));
    }

    /// <summary>The host's queues or exchanges (<paramref name="list"/>) with their type, by name.</summary>
    private async Task<(string Name, string Type)[]> OfHostAsync(string list, string host) =>
        [.. (await broker.RabbitmqctlAsync(list, "-q", "--no-table-headers", "name", "type"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(row => row[0].StartsWith(EntityNames.WorkerQueue(host), StringComparison.Ordinal))
            .Select(row => (row[0], row[1]))
            .OrderBy(row => row.Item1, StringComparer.Ordinal)];
}
