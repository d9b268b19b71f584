using System.Text.Json;
using Brick.Contracts;
using Brick.Service.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Brick.Worker.IntegrationTests.Replay;

/// <summary>
/// Queues for replay tests on a broker: a source (an error queue of a made-up host, classic or quorum), a stand-in
/// worker queue bound like the worker's, messages put straight into a queue with the headers a failure leaves, and
/// reading queues back. Each call has a connection of its own (a failed passive declaration closes its channel).
/// </summary>
public sealed class ReplayQueues(Uri broker)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<IConnection> ConnectAsync() => await new ConnectionFactory { Uri = broker }.CreateConnectionAsync(Ct);

    /// <summary>Declares the contract's exchanges and a durable queue of the given type, and waits until it answers.</summary>
    public async Task DeclareAsync(string queue, bool quorum)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        await ContractTopology.DeclareSharedAsync(channel, Ct);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = quorum ? "quorum" : "classic" }, cancellationToken: Ct);
        await WaitReadyAsync(queue);
    }

    /// <summary>A stand-in for a worker's queue: <c>brick-worker.&lt;host&gt;</c>, bound to <c>brick.volume-extended</c> by host.</summary>
    public async Task DeclareWorkerQueueAsync(string host, bool quorum = false)
    {
        await DeclareAsync(EntityNames.WorkerQueue(host), quorum);
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        await channel.QueueBindAsync(EntityNames.WorkerQueue(host), EntityNames.VolumeExtendedExchange, host, cancellationToken: Ct);
    }

    /// <summary>Puts messages straight into <paramref name="queue"/> (default exchange), each confirmed; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> PutAsync(string queue, IEnumerable<(object Body, IDictionary<string, object?>? Headers)> messages)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), Ct);
        var ids = new List<string>();
        foreach (var (body, headers) in messages)
        {
            var id = Guid.NewGuid().ToString();
            var properties = new BasicProperties
            {
                ContentType = "application/json",
                DeliveryMode = DeliveryModes.Persistent,
                MessageId = id,
                Headers = headers is null ? null : new Dictionary<string, object?>(headers),
            };
            var bytes = body as byte[] ?? JsonSerializer.SerializeToUtf8Bytes(body);
            await channel.BasicPublishAsync("", queue, mandatory: true, properties, bytes, Ct);
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>The headers a worker's error pipe leaves on a message it gave up on for <paramref name="reason"/>.</summary>
    public static Dictionary<string, object?> FailureHeaders(ResizeFailureReason reason, DateTimeOffset? failedAt = null) => new()
    {
        [EntityNames.ReasonHeader] = reason.ToString(),
        ["MT-Reason"] = "fault",
        ["MT-Fault-ExceptionType"] = "Brick.Service.Messaging.TransientFailureException",
        ["MT-Fault-Message"] = "The paths did not reach the requested size in time.",
        ["MT-Fault-Timestamp"] = (failedAt ?? DateTimeOffset.UtcNow).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["MT-Host-MachineName"] = "compute-x",
        ["tenant"] = "t-9",
    };

    /// <summary>Takes (and acknowledges) every message of <paramref name="queue"/>, in queue order.</summary>
    public async Task<IReadOnlyList<QueuedMessage>> TakeAllAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        var taken = new List<QueuedMessage>();
        while (await channel.BasicGetAsync(queue, autoAck: true, Ct) is { } message)
            taken.Add(QueuedMessage.Read(message.BasicProperties, message.Body));
        return taken;
    }

    /// <summary>The ready messages of <paramref name="queue"/>, or null when it does not exist.</summary>
    public async Task<uint?> CountAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, Ct)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    /// <summary>Deletes queues a test made.</summary>
    public async Task DeleteAsync(params string[] queues)
    {
        await using var connection = await ConnectAsync();
        foreach (var queue in queues)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
            await channel.QueueDeleteAsync(queue, cancellationToken: Ct);
        }
    }

    /// <summary>A quorum queue declared a moment ago may answer noproc (541) until its Raft member runs.</summary>
    private async Task WaitReadyAsync(string queue)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await using var connection = await ConnectAsync();
            await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
            try
            {
                if (await channel.BasicGetAsync(queue, autoAck: false, Ct) is { } message)
                    await channel.BasicNackAsync(message.DeliveryTag, false, requeue: true, Ct);
                return;
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 541 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, Ct);
            }
        }
    }
}
