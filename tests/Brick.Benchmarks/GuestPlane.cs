using System.Text.Json;
using Brick.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Brick.Benchmarks;

/// <summary>
/// What <c>blockresize</c> is fed by and answers to: publishes raw <c>HostVolumeResized</c> JSON (as <c>run --output
/// raw</c> would) for one host with publisher confirms, and counts the guest outcomes of that host.
/// </summary>
internal sealed class GuestPlane : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _publisher;
    private readonly IChannel _listener;
    private readonly string _queue;
    private int _received;

    private GuestPlane(IConnection connection, IChannel publisher, IChannel listener, string queue) =>
        (_connection, _publisher, _listener, _queue) = (connection, publisher, listener, queue);

    public int Received => Volatile.Read(ref _received);

    public static async Task<GuestPlane> CreateAsync(Uri broker, string host, CancellationToken cancellationToken)
    {
        var connection = await new ConnectionFactory { Uri = broker }.CreateConnectionAsync(cancellationToken);
        var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), cancellationToken);
        var listener = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var queue = $"bench-guest-outcomes.{host}";
        await listener.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        foreach (var exchange in (string[])[EntityNames.HostVolumeResizedExchange, EntityNames.GuestDiskResizedExchange, EntityNames.GuestDiskResizeFailedExchange])
            await listener.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        foreach (var exchange in (string[])[EntityNames.GuestDiskResizedExchange, EntityNames.GuestDiskResizeFailedExchange])
            await listener.QueueBindAsync(queue, exchange, host, cancellationToken: cancellationToken);
        var plane = new GuestPlane(connection, publisher, listener, queue);
        var consumer = new AsyncEventingBasicConsumer(listener);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            Interlocked.Increment(ref plane._received);
            await listener.BasicAckAsync(delivery.DeliveryTag, false);
        };
        await listener.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);
        return plane;
    }

    /// <summary>An outcome of <c>run</c> for <paramref name="devicePath"/> at <paramref name="size"/>, raw JSON, confirm awaited.</summary>
    public async Task PublishAsync(string host, string devicePath, long size, string correlationId, CancellationToken cancellationToken)
    {
        var outcome = new HostVolumeResized("vol-bench", host, null, size, size, devicePath, null, [new PathSize("sda", size)], correlationId, DateTimeOffset.UtcNow, 5);
        var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, CorrelationId = correlationId, MessageId = correlationId };
        await _publisher.BasicPublishAsync(EntityNames.HostVolumeResizedExchange, host, mandatory: false, properties,
            JsonSerializer.SerializeToUtf8Bytes(outcome, ContractJson.Options), cancellationToken);
    }

    public async Task WaitForAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Received < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Received} of {count} guest outcomes after {timeout.TotalSeconds} s.");
            await Task.Delay(5, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _listener.QueueDeleteAsync(_queue, false, false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The broker went away first: nothing to clean.
        }

        await _listener.DisposeAsync();
        await _publisher.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
