using System.Text;
using Brick.Contracts;
using Brick.Worker.Cli;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Credentials;

/// <summary>
/// One host cannot speak for another (docs/security.md, "What a compromised host can and cannot do"). Each host's
/// broker user gets exactly what <c>deploy/rabbitmq/grant-host.sh</c> gives it, run verbatim inside the broker's
/// container: with its own identity the worker works end to end (a retry, a message moved to its error queue); with
/// host A's identity, B's queues, outcomes keyed B, B's error queue, the shared exchanges, a dead-letter binding and
/// the fleet's dead letters are refused
/// (<c>ACCESS_REFUSED</c>, 403). Each refusal is checked next to the same operation on A's own entities or key, which
/// succeeds: a widened permission in the script makes the refusal succeed too, and the test fail.
/// </summary>
public sealed class HostIdentityTests(BrokerFixture broker) : IAsyncDisposable
{
    private readonly List<string> _granted = [];
    private const ushort AccessRefused = 403;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] OutcomeExchanges =
    [
        EntityNames.HostVolumeResizedExchange, EntityNames.HostVolumeResizeFailedExchange,
        EntityNames.GuestDiskResizedExchange, EntityNames.GuestDiskResizeFailedExchange,
    ];

    [Fact]
    public async Task With_its_own_identity_the_worker_resizes_retries_and_moves_a_given_up_message_to_its_error_queue()
    {
        var host = Requests.UniqueHost("own");
        await using var user = await HostUserAsync(host);

        await using var scenario = await WorkerScenario.StartAsync(broker, "own", volumes: 2, workerBroker: user.Uri, hostName: host,
            settings: new Dictionary<string, string?> { ["RetryLimit"] = "2" });
        scenario.Grow(1, 2 * GiB);
        var stuck = Requests.UniqueVolume();
        var grown = Requests.UniqueVolume();
        await scenario.PublishAsync(scenario.Request(stuck, 0, 2 * GiB)); // never grows: tried 3 times, then given up
        await scenario.PublishAsync(scenario.Request(grown, 1, 2 * GiB));

        var resized = await scenario.Client.WaitForVolumeAsync(grown, Patience);
        Assert.True(resized.Resized, resized.ToString());
        Assert.Equal(host, resized.RoutingKey);
        var destination = new Uri(resized.Envelope!.Value.GetProperty("destinationAddress").GetString()!); // the exchange it went to, not the one it was sent through
        Assert.Equal(("rabbitmq", $"/{EntityNames.HostVolumeResizedExchange}", "?type=topic"), (destination.Scheme, destination.AbsolutePath, destination.Query));
        var failed = await scenario.Client.WaitForVolumeAsync(stuck, Patience);
        Assert.Equal((false, nameof(ResizeFailureReason.RescanTimeout), true), (failed.Resized, failed.Reason, failed.Flag("retriable")));
        var error = Assert.Single(await scenario.Client.TakeAsync(EntityNames.ErrorQueue(host), 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(nameof(ResizeFailureReason.RescanTimeout), error.Reason);
        Assert.Contains(scenario.Host.ProgramCalls, c => c.Program == "losetup"); // it ran on the host, more than once for the stuck one
        // The worker declared its error queue itself, on that first failure (grant-host.sh makes none); what the broker
        // dead-letters goes to the fleet's queue, not there.
        Assert.DoesNotContain(await BindingsAsync(), line => line.StartsWith($"{EntityNames.WorkerDeadLetterExchange}\t{EntityNames.ErrorQueue(host)}\t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Host_A_cannot_bind_a_dead_letter_exchange_or_read_the_fleet_s_dead_letters_but_uses_its_own_error_queues()
    {
        var (a, b) = (Requests.UniqueHost("a"), Requests.UniqueHost("b"));
        await using var userA = await HostUserAsync(a);
        await using var connection = await ConnectAsync(userA);

        foreach (var (exchange, errorQueue) in (ValueTuple<string, string>[])
                 [(EntityNames.WorkerDeadLetterExchange, EntityNames.ErrorQueue(a)), (EntityNames.BlockresizeDeadLetterExchange, EntityNames.BlockresizeErrorQueue(a))])
        {
            // A's own error queue, as MassTransit declares it on the first failure: allowed, and A's user may use it.
            Assert.Null(await RefusalAsync(connection, c => c.QueueDeclareAsync(errorQueue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "classic" }, cancellationToken: Ct)));
            Assert.Null(await RefusalAsync(connection, c => c.BasicGetAsync(errorQueue, autoAck: false, Ct)));
            // B's dead letters, or every host's (the fleet's key), would reach A's own queue: refused (no read permission
            // on the shared dead-letter exchange).
            foreach (var key in (string[])[b, exchange])
            {
                Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.QueueBindAsync(errorQueue, exchange, key, cancellationToken: Ct)));
                Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.ExchangeBindAsync(EntityNames.WorkerQueue(a), exchange, key, cancellationToken: Ct)));
            }

            Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.ExchangeDeleteAsync(exchange, cancellationToken: Ct)));
            Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.ExchangeDeclareAsync(exchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: Ct)));
            // The fleet's dead-letter queue (every host's dead letters): neither read, purged nor deleted.
            Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.BasicGetAsync(exchange, autoAck: false, Ct)));
            Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.QueuePurgeAsync(exchange, Ct)));
            Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.QueueDeleteAsync(exchange, cancellationToken: Ct)));
        }
    }

    [Fact]
    public async Task Host_A_cannot_consume_or_read_host_B_s_queues_but_reads_its_own()
    {
        var (a, b) = (Requests.UniqueHost("a"), Requests.UniqueHost("b"));
        await using var userA = await HostUserAsync(a);
        string[] queues = [EntityNames.WorkerQueue(b), EntityNames.ErrorQueue(b), EntityNames.BlockresizeQueue(b), EntityNames.BlockresizeErrorQueue(b),
            EntityNames.WorkerQueue(a), EntityNames.ErrorQueue(a), EntityNames.BlockresizeQueue(a)];
        await DeclareQueuesAsync(queues);
        try
        {
            await using var connection = await ConnectAsync(userA);
            foreach (var queue in queues.Take(4))
            {
                Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.BasicGetAsync(queue, autoAck: false, Ct)));
                Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.BasicConsumeAsync(queue, autoAck: false, new RabbitMQ.Client.Events.AsyncEventingBasicConsumer(c), Ct)));
                Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.QueuePurgeAsync(queue, Ct)));
                Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.QueueDeleteAsync(queue, cancellationToken: Ct)));
            }

            foreach (var queue in queues.Skip(4))
                Assert.Null(await RefusalAsync(connection, c => c.BasicGetAsync(queue, autoAck: false, Ct)));
        }
        finally
        {
            await broker.RemoveAsync(queues, []);
        }
    }

    [Fact]
    public async Task Host_A_cannot_publish_an_outcome_keyed_with_host_B_but_publishes_its_own()
    {
        var (a, b) = (Requests.UniqueHost("a"), Requests.UniqueHost("b"));
        await using var userA = await HostUserAsync(a);
        await using var connection = await ConnectAsync(userA);

        foreach (var exchange in OutcomeExchanges)
        {
            Assert.Equal(AccessRefused, await RefusalAsync(connection, c => PublishAsync(c, exchange, b)));
            Assert.Equal(AccessRefused, await RefusalAsync(connection, c => PublishAsync(c, exchange, "#")));
            Assert.Null(await RefusalAsync(connection, c => PublishAsync(c, exchange, a)));
        }

        // Nor send requests, to B or to itself.
        Assert.Equal(AccessRefused, await RefusalAsync(connection, c => PublishAsync(c, EntityNames.VolumeExtendedExchange, b)));
        Assert.Equal(AccessRefused, await RefusalAsync(connection, c => PublishAsync(c, EntityNames.VolumeExtendedExchange, a)));
    }

    [Fact]
    public async Task Host_A_cannot_declare_delete_or_bind_from_a_shared_exchange_with_another_key()
    {
        var (a, b) = (Requests.UniqueHost("a"), Requests.UniqueHost("b"));
        await using var userA = await HostUserAsync(a);
        await using var connection = await ConnectAsync(userA);

        foreach (var (name, type) in SharedExchanges())
        {
            Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.ExchangeDeleteAsync(name, cancellationToken: Ct)));
            Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.ExchangeDeclareAsync(name, type, durable: true, autoDelete: false,
                arguments: name == EntityNames.VolumeExtendedExchange ? new Dictionary<string, object?> { ["alternate-exchange"] = EntityNames.Unrouted } : null,
                cancellationToken: Ct)));
        }

        Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.QueueDeleteAsync(EntityNames.Unrouted, cancellationToken: Ct)));
        Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.QueuePurgeAsync(EntityNames.Unrouted, Ct)));

        // Its own exchange may take what the shared ones send with its own key only: B's requests and outcomes stay B's.
        var own = EntityNames.WorkerQueue(a);
        var ownBlockresize = EntityNames.BlockresizeQueue(a);
        Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.ExchangeBindAsync(own, EntityNames.VolumeExtendedExchange, b, cancellationToken: Ct)));
        Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.ExchangeBindAsync(ownBlockresize, EntityNames.HostVolumeResizedExchange, b, cancellationToken: Ct)));
        Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.ExchangeBindAsync(ownBlockresize, EntityNames.HostVolumeResizedExchange, "#", cancellationToken: Ct)));
        Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.ExchangeBindAsync(ownBlockresize, EntityNames.HostVolumeResizeFailedExchange, a, cancellationToken: Ct)));
        Assert.Null(await RefusalAsync(connection, c => c.ExchangeBindAsync(ownBlockresize, EntityNames.HostVolumeResizedExchange, a, cancellationToken: Ct)));
    }

    [Fact]
    public async Task Replay_of_host_B_s_error_queue_with_host_A_s_identity_fails_with_one_line_and_moves_nothing()
    {
        var (a, b) = (Requests.UniqueHost("a"), Requests.UniqueHost("b"));
        await using var userA = await HostUserAsync(a);
        var queues = new Replay.ReplayQueues(broker.Uri);
        await queues.DeclareAsync(EntityNames.ErrorQueue(b), quorum: false);
        await queues.DeclareWorkerQueueAsync(b);
        try
        {
            await queues.PutAsync(EntityNames.ErrorQueue(b),
                [(Requests.Local(Requests.UniqueVolume(), b, 0, 2 * GiB), Replay.ReplayQueues.FailureHeaders(ResizeFailureReason.RescanTimeout))]);

            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var exit = await BrickWorkerCli.RunAsync(["replay", "--host", b, "--broker", userA.Uri.ToString()], new StringReader(""), stdout, stderr);

            Assert.Equal(1, exit);
            var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("ACCESS_REFUSED", line, StringComparison.Ordinal);
            Assert.Contains(EntityNames.ErrorQueue(b), line, StringComparison.Ordinal);
            Assert.DoesNotContain(userA.Password, stderr.ToString(), StringComparison.Ordinal);
            Assert.Equal(1u, await queues.CountAsync(EntityNames.ErrorQueue(b)));
            Assert.Equal(0u, await queues.CountAsync(EntityNames.WorkerQueue(b)));
        }
        finally
        {
            await queues.DeleteAsync(EntityNames.ErrorQueue(b), EntityNames.WorkerQueue(b));
        }
    }

    /// <summary>The user of <paramref name="host"/>, made and granted by <c>deploy/rabbitmq/grant-host.sh</c> on a broker whose shared topology exists.</summary>
    private async Task<BrokerUser> HostUserAsync(string host)
    {
        broker.Require();
        await using (var admin = await broker.ConnectAsync())
        await using (var channel = await admin.CreateChannelAsync(cancellationToken: Ct))
            await RunningWorker.DeclareOperatorTopologyAsync(channel, Ct); // the operator's definitions.json
        _granted.Add(host);
        var user = BrokerUser.Named(broker, $"brick-worker-{host}");
        try
        {
            await user.CreateAsHostAsync(host);
            return user;
        }
        catch
        {
            await user.DisposeAsync();
            throw;
        }
    }

    /// <summary>Removes the exchanges and error queues grant-host.sh made for each host (with their bindings).</summary>
    public async ValueTask DisposeAsync() =>
        await broker.RemoveAsync(_granted.SelectMany(h => (string[])[EntityNames.ErrorQueue(h), EntityNames.BlockresizeErrorQueue(h)]),
            _granted.SelectMany(h => (string[])[EntityNames.WorkerQueue(h), EntityNames.BlockresizeQueue(h)]));

    /// <summary>The broker's bindings, one <c>source\tdestination\tkey</c> line each.</summary>
    private async Task<string[]> BindingsAsync() =>
        (await broker.RabbitmqctlAsync("list_bindings", "-q", "--no-table-headers", "source_name", "destination_name", "routing_key"))
        .Split('\n', StringSplitOptions.TrimEntries);

    private static IEnumerable<(string Name, string Type)> SharedExchanges() =>
    [
        (EntityNames.Unrouted, ExchangeType.Fanout), (EntityNames.VolumeExtendedExchange, ExchangeType.Direct),
        .. OutcomeExchanges.Select(x => (x, ExchangeType.Topic)),
    ];

    private static Task<IConnection> ConnectAsync(BrokerUser user) => new ConnectionFactory { Uri = user.Uri }.CreateConnectionAsync(Ct);

    private async Task DeclareQueuesAsync(IEnumerable<string> queues)
    {
        await using var admin = await broker.ConnectAsync();
        await using var channel = await admin.CreateChannelAsync(cancellationToken: Ct);
        foreach (var queue in queues)
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: Ct);
    }

    private static async Task PublishAsync(IChannel channel, string exchange, string key) =>
        await channel.BasicPublishAsync(exchange, key, mandatory: false, new BasicProperties(), Encoding.UTF8.GetBytes("{}"), Ct);

    /// <summary>
    /// Runs <paramref name="operation"/> on a new channel (with publisher confirms, so that a refused publish is seen)
    /// and answers the reply code the broker closed the channel with, or null when it did what was asked.
    /// </summary>
    private static async Task<ushort?> RefusalAsync(IConnection connection, Func<IChannel, Task> operation)
    {
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), Ct);
        try
        {
            await operation(channel);
            // A refused publish closes the channel after the call returned: one more round trip sees it.
            await channel.ExchangeDeclarePassiveAsync("amq.direct", Ct);
            return null;
        }
        catch (Exception e) when (e is OperationInterruptedException or AlreadyClosedException or PublishException)
        {
            return channel.CloseReason?.ReplyCode ?? (e as OperationInterruptedException)?.ShutdownReason?.ReplyCode;
        }
        finally
        {
            await channel.DisposeAsync();
        }
    }
}
