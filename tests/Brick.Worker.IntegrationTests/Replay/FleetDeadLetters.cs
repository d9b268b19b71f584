using System.Text.Json;
using Brick.Contracts;
using Brick.Service.Messaging;
using RabbitMQ.Client;

namespace Brick.Worker.IntegrationTests.Replay;

/// <summary>
/// A virtual host of one test's own on the shared broker, where the fleet's dead-letter queue (one for every host, so
/// a shared virtual host would mix the tests' messages) is as deploy/rabbitmq/definitions.json makes it, or missing.
/// With it: the contract's exchanges, the dead-letter exchange, queue and binding declared exactly as the file lists them,
/// and the file's policy for the worker queues with its delivery limit lowered to 1, so that the broker itself
/// dead-letters a request (with its <c>x-death</c> and <c>x-first-death-*</c> headers) after its second return instead
/// of its 21st. Made and removed with <c>rabbitmqctl</c>: it takes the broker container Testcontainers starts (a broker
/// given by <c>BRICK_TEST_RABBITMQ_URI</c> skips, CI fails).
/// </summary>
public sealed class FleetDeadLetters : IAsyncDisposable
{
    private readonly BrokerFixture _broker;

    private FleetDeadLetters(BrokerFixture broker, string vhost)
    {
        _broker = broker;
        VirtualHost = vhost;
        Uri = new UriBuilder(broker.Uri) { Path = "/" + vhost }.Uri;
        Queues = new ReplayQueues(Uri);
    }

    /// <summary>The virtual host's name.</summary>
    public string VirtualHost { get; }

    /// <summary>The broker's URI for that virtual host (user guest, who may do everything there).</summary>
    public Uri Uri { get; }

    /// <summary>The replay tests' helpers, on that virtual host.</summary>
    public ReplayQueues Queues { get; }

    /// <summary>A virtual host named after <paramref name="prefix"/>, with the definitions' dead-letter entities unless <paramref name="imported"/> is false.</summary>
    public static async Task<FleetDeadLetters> CreateAsync(BrokerFixture broker, string prefix, bool imported = true)
    {
        var vhost = Requests.UniqueHost(prefix);
        await broker.RabbitmqctlAsync("add_vhost", vhost);
        var created = new FleetDeadLetters(broker, vhost);
        try
        {
            await broker.RabbitmqctlAsync("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
            if (imported)
                await created.ImportAsync();
            return created;
        }
        catch
        {
            await created.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Publishes <paramref name="request"/> for <paramref name="host"/> (whose worker queue, a quorum queue bound as the
    /// worker's, is declared here, with no consumer) and returns it to the queue until the broker dead-letters it into
    /// <c>brick.worker-dead-letter</c>, as a consumer whose channel keeps closing does; waits until it is there.
    /// </summary>
    public async Task DeadLetterAsync(string host, object request)
    {
        var ct = TestContext.Current.CancellationToken;
        var queue = EntityNames.WorkerQueue(host);
        await Queues.DeclareWorkerQueueAsync(host, quorum: true);
        var before = await Queues.CountAsync(EntityNames.WorkerDeadLetterQueue) ?? 0;
        await using var connection = await Queues.ConnectAsync();
        await using (var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), ct))
        {
            await publisher.BasicPublishAsync(EntityNames.VolumeExtendedExchange, host, mandatory: true,
                new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = Guid.NewGuid().ToString() },
                JsonSerializer.SerializeToUtf8Bytes(request), ct);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await Queues.CountAsync(EntityNames.WorkerDeadLetterQueue) <= before)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The broker did not dead-letter the request of {queue} into {EntityNames.WorkerDeadLetterQueue}.");
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            if (await channel.BasicGetAsync(queue, autoAck: false, ct) is not null)
                await channel.CloseAsync(ct); // unacknowledged: the broker takes it back and counts a delivery
            else
                await Task.Delay(100, ct); // on its way back, or being dead-lettered
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _broker.RabbitmqctlAsync("delete_vhost", VirtualHost);
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"Could not delete the virtual host {VirtualHost}: {e.Message}");
        }
    }

    /// <summary>The definitions' dead-letter exchange, queue and binding, and their worker-queue policy (delivery limit 1).</summary>
    private async Task ImportAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var connection = await Queues.ConnectAsync())
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: ct))
        {
            await ContractTopology.DeclareSharedAsync(channel, ct);
            await OperatorDefinitions.DeclareDeadLetterPathAsync(channel, EntityNames.WorkerDeadLetterExchange, ct);
        }

        await _broker.RabbitmqctlAsync(["set_policy", "-p", VirtualHost,
            .. OperatorDefinitions.PolicyArguments("brick-worker-queues", rules => rules["delivery-limit"] = JsonSerializer.SerializeToElement(1))]);
    }
}
