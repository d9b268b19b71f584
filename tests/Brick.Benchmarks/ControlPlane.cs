using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Brick.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Brick.Benchmarks;

/// <summary>
/// A control plane on plain RabbitMQ.Client 7: publishes raw <c>VolumeExtended</c> JSON with publisher confirms and
/// reads the outcomes of one host from a queue of its own, noting when each arrived (by correlation id).
/// </summary>
internal sealed class ControlPlane : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _publisher;
    private readonly IChannel _listener;
    private readonly string _queue;

    private ControlPlane(IConnection connection, IChannel publisher, IChannel listener, string queue) =>
        (_connection, _publisher, _listener, _queue) = (connection, publisher, listener, queue);

    /// <summary>Outcome arrivals: correlation id → (stopwatch ticks, resized?, size).</summary>
    public ConcurrentDictionary<string, (long At, bool Resized, long? Size)> Outcomes { get; } = new(StringComparer.Ordinal);

    public int Received => Outcomes.Count;

    /// <summary>Completed when the outcome with that correlation id arrives.</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Waiters { get; } = new(StringComparer.Ordinal);

    public static async Task<ControlPlane> CreateAsync(Uri broker, string host, CancellationToken cancellationToken)
    {
        var connection = await new ConnectionFactory { Uri = broker }.CreateConnectionAsync(cancellationToken);
        var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), cancellationToken);
        var listener = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var queue = $"bench-outcomes.{host}";
        await listener.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        // Declared as the worker declares them (topic, durable), so that the plane can listen before any worker ran.
        foreach (var exchange in (string[])[EntityNames.HostVolumeResizedExchange, EntityNames.HostVolumeResizeFailedExchange])
            await listener.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await listener.QueueBindAsync(queue, EntityNames.HostVolumeResizedExchange, host, cancellationToken: cancellationToken);
        await listener.QueueBindAsync(queue, EntityNames.HostVolumeResizeFailedExchange, host, cancellationToken: cancellationToken);
        await listener.BasicQosAsync(0, 500, false, cancellationToken);
        var plane = new ControlPlane(connection, publisher, listener, queue);
        var consumer = new AsyncEventingBasicConsumer(listener);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var at = Stopwatch.GetTimestamp();
            using (var document = JsonDocument.Parse(delivery.Body))
            {
                var root = document.RootElement;
                var message = root.TryGetProperty("message", out var inner) ? inner : root;
                var id = message.TryGetProperty("correlationId", out var c) ? c.GetString() ?? "" : "";
                long? size = message.TryGetProperty("sizeBytes", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : null;
                plane.Outcomes.TryAdd(id, (at, delivery.Exchange == EntityNames.HostVolumeResizedExchange, size));
                if (plane.Waiters.TryGetValue(id, out var waiter))
                    waiter.TrySetResult();
            }

            await listener.BasicAckAsync(delivery.DeliveryTag, false);
        };
        await listener.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);
        return plane;
    }

    /// <summary>Publishes one request as raw JSON, persistent, and waits for its confirm.</summary>
    public async Task PublishAsync(string host, VolumeExtended request, string correlationId, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            CorrelationId = correlationId,
            MessageId = correlationId,
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(request, ContractJson.Options);
        await _publisher.BasicPublishAsync(EntityNames.VolumeExtendedExchange, host, mandatory: false, properties, body, cancellationToken);
    }

    public async Task WaitForAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Received < count)
        {
            if (Stopwatch.GetTimestamp() > deadline)
                throw new TimeoutException($"{Received} of {count} outcomes after {timeout.TotalSeconds} s.");
            await Task.Delay(1, cancellationToken);
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
