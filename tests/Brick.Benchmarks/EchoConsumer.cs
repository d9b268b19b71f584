using System.Collections.Concurrent;
using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Brick.Benchmarks;

/// <summary>
/// The broker's floor: a RabbitMQ.Client 7.2.2 consumer that republishes each body it gets (same sizes) with a
/// publisher confirm and acknowledges only after the confirm, as the worker must; its replies go to a queue the
/// benchmark reads. Nothing else: no parsing, no host.
/// </summary>
internal sealed class EchoConsumer : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _in;
    private readonly IChannel _out;
    private readonly IChannel _replies;
    private readonly string _name;

    private EchoConsumer(IConnection connection, IChannel inbound, IChannel outbound, IChannel replies, string name) =>
        (_connection, _in, _out, _replies, _name) = (connection, inbound, outbound, replies, name);

    public string Queue => _name + ".in";

    /// <summary>Reply arrivals by message id.</summary>
    public ConcurrentDictionary<string, long> Replies { get; } = new(StringComparer.Ordinal);

    /// <summary>Completed when the reply with that message id arrives.</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Waiters { get; } = new(StringComparer.Ordinal);

    public static async Task<EchoConsumer> CreateAsync(Uri broker, string name, CancellationToken cancellationToken)
    {
        var connection = await new ConnectionFactory { Uri = broker }.CreateConnectionAsync(cancellationToken);
        var inbound = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var outbound = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), cancellationToken);
        var replies = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var arguments = new Dictionary<string, object?> { ["x-queue-type"] = "quorum" };
        await inbound.QueueDeclareAsync(name + ".in", durable: true, exclusive: false, autoDelete: false, arguments, cancellationToken: cancellationToken);
        await replies.QueueDeclareAsync(name + ".out", durable: false, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        var echo = new EchoConsumer(connection, inbound, outbound, replies, name);
        var reader = new AsyncEventingBasicConsumer(replies);
        reader.ReceivedAsync += async (_, delivery) =>
        {
            var id = delivery.BasicProperties.MessageId ?? "";
            echo.Replies.TryAdd(id, Stopwatch.GetTimestamp());
            if (echo.Waiters.TryGetValue(id, out var waiter))
                waiter.TrySetResult();
            await replies.BasicAckAsync(delivery.DeliveryTag, false);
        };
        await replies.BasicConsumeAsync(name + ".out", autoAck: false, reader, cancellationToken);
        return echo;
    }

    /// <summary>Starts echoing with <paramref name="prefetch"/> messages in hand, each republished and confirmed before its ack.</summary>
    public async Task StartAsync(ushort prefetch, CancellationToken cancellationToken)
    {
        await _in.BasicQosAsync(0, prefetch, false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(_in);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var properties = new BasicProperties
            {
                ContentType = delivery.BasicProperties.ContentType,
                DeliveryMode = DeliveryModes.Persistent,
                MessageId = delivery.BasicProperties.MessageId,
            };
            await _out.BasicPublishAsync("", _name + ".out", mandatory: false, properties, delivery.Body.ToArray(), cancellationToken);
            await _in.BasicAckAsync(delivery.DeliveryTag, false);
        };
        await _in.BasicConsumeAsync(Queue, autoAck: false, consumer, cancellationToken);
    }

    /// <summary>Publishes a body to the echo's inbound queue with a confirm.</summary>
    public Task SendAsync(IChannel channel, byte[] body, string id, CancellationToken cancellationToken) =>
        channel.BasicPublishAsync("", Queue, mandatory: false,
            new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = id }, body, cancellationToken).AsTask();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _replies.QueueDeleteAsync(_name + ".out", false, false);
            await _replies.QueueDeleteAsync(_name + ".in", false, false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Best effort.
        }

        await _in.DisposeAsync();
        await _out.DisposeAsync();
        await _replies.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
