using System.Collections.Concurrent;
using Brick.Contracts;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Brick.Worker.IntegrationTests.Replay;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Brick.Worker.IntegrationTests.Messaging;

/// <summary>
/// An error queue an earlier version made of another type (a quorum queue, where the worker now declares a classic
/// one) refuses the worker's declaration at its first failure; the worker says so at start, and declares no error
/// queue where there is none.
/// </summary>
public sealed class ErrorQueueTypeTests(BrokerFixture broker)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<IReadOnlyCollection<string>> StartDeclarerAsync(BrokerFixture broker, string host, QueueKind errorQueueType)
    {
        var lines = new ConcurrentQueue<string>();
        using var logs = new LoggerFactory([new LineCapture(lines)]);
        var declarer = new TopologyDeclarer(BrokerAddress.TryParse(broker.Uri.ToString(), [], out _)!, logs.CreateLogger<TopologyDeclarer>(),
            HostTopology.Worker(host), Options.Create(new EndpointSettings { ErrorQueueType = errorQueueType }));
        await declarer.StartAsync(Ct);
        await declarer.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60), Ct); // declared, then its error queue looked at
        await declarer.StopAsync(Ct);
        await using (var connection = await broker.ConnectAsync())
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: Ct))
            await channel.ExchangeDeleteAsync(EntityNames.WorkerQueue(host), cancellationToken: Ct); // the host's own exchange, and its binding
        return lines;
    }

    /// <summary>A compatibility test (docs/worker-service.md): the broker's refusal is read on RabbitMQ 4 and 3.10 alike.</summary>
    [Theory]
    [InlineData(CompatBrokers.Current, true, QueueKind.Classic, "quorum", "Quorum")]
    [InlineData(CompatBrokers.RabbitMq3, true, QueueKind.Classic, "quorum", "Quorum")]
    [InlineData(CompatBrokers.Current, false, QueueKind.Quorum, "classic", "Classic")]
    public async Task An_error_queue_of_another_type_than_ErrorQueueType_is_a_warning_at_start_naming_the_setting_that_fits_it(
        string which, bool quorum, QueueKind setting, string type, string fits)
    {
        await using var compat = await CompatBrokers.StartAsync(which, broker);
        var host = Requests.UniqueHost("errq-type");
        var queues = new ReplayQueues(compat.Broker.Uri);
        await queues.DeclareAsync(EntityNames.ErrorQueue(host), quorum);
        try
        {
            var lines = await StartDeclarerAsync(compat.Broker, host, setting);

            var expected = $"The error queue {EntityNames.ErrorQueue(host)} is there already, but it is a {type} queue and this worker's " +
                $"ErrorQueueType is {setting}: a failure cannot be moved there (set --error-queue-type {fits}, or empty and delete it: " +
                "docs/wire-contract.md, migrating from quorum error queues)";
            Assert.True(lines.Contains(expected), $"expected: {expected}\nlogged:\n{string.Join('\n', lines)}");
        }
        finally
        {
            await queues.DeleteAsync(EntityNames.ErrorQueue(host));
        }
    }

    [Theory]
    [InlineData(true, QueueKind.Quorum)]
    [InlineData(false, QueueKind.Classic)]
    public async Task An_error_queue_of_the_type_the_worker_declares_is_no_warning(bool quorum, QueueKind setting)
    {
        broker.Require();
        var host = Requests.UniqueHost("errq-same");
        var queues = new ReplayQueues(broker.Uri);
        await queues.DeclareAsync(EntityNames.ErrorQueue(host), quorum);
        try
        {
            var lines = await StartDeclarerAsync(broker, host, setting);

            Assert.Contains(lines, l => l.StartsWith("Contract topology declared on ", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains("error queue", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await queues.DeleteAsync(EntityNames.ErrorQueue(host));
        }
    }

    [Fact]
    public async Task A_host_without_an_error_queue_gets_none_from_the_check()
    {
        broker.Require();
        var host = Requests.UniqueHost("errq-none");

        var lines = await StartDeclarerAsync(broker, host, QueueKind.Classic);

        Assert.DoesNotContain(lines, l => l.Contains("error queue", StringComparison.OrdinalIgnoreCase));
        Assert.Null(await new ReplayQueues(broker.Uri).CountAsync(EntityNames.ErrorQueue(host)));
    }
}
