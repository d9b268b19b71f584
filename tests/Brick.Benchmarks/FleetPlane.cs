using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Brick.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Brick.Benchmarks;

/// <summary>
/// The fleet part's control plane on plain RabbitMQ.Client 7: publishes raw <c>VolumeExtended</c> JSON to any of the
/// sampled hosts with publisher confirms, and reads every outcome of those hosts from one quorum queue of its own (so
/// that it outlives a node), counting each correlation id's outcomes. It connects to every node of the cluster and
/// recovers its connection on its own.
/// </summary>
internal sealed class FleetPlane : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _listener;
    private readonly string _queue;

    private FleetPlane(IConnection connection, IChannel listener, string queue) => (_connection, _listener, _queue) = (connection, listener, queue);

    /// <summary>The first outcome of each correlation id: when (stopwatch ticks) and whether it was a success.</summary>
    public ConcurrentDictionary<string, (long At, bool Resized)> Outcomes { get; } = new(StringComparer.Ordinal);

    /// <summary>How many outcomes each correlation id got.</summary>
    public ConcurrentDictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);

    /// <summary>Completed when the outcome with that correlation id arrives.</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Waiters { get; } = new(StringComparer.Ordinal);

    public static async Task<FleetPlane> CreateAsync(IReadOnlyList<string> nodes, IEnumerable<string> hosts, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { UserName = "guest", Password = "guest", ClientProvidedName = "brick-fleet-benchmark" };
        var connection = await factory.CreateConnectionAsync(nodes.Select(n => new AmqpTcpEndpoint(n, 5672)).ToList(), cancellationToken);
        var listener = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var queue = $"bench-fleet-outcomes-{Guid.NewGuid():N}"[..32];
        await listener.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
        foreach (var exchange in (string[])[EntityNames.HostVolumeResizedExchange, EntityNames.HostVolumeResizeFailedExchange])
        {
            await listener.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            foreach (var host in hosts)
                await listener.QueueBindAsync(queue, exchange, host, cancellationToken: cancellationToken);
        }

        await listener.BasicQosAsync(0, 500, false, cancellationToken);
        var plane = new FleetPlane(connection, listener, queue);
        var consumer = new AsyncEventingBasicConsumer(listener);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var at = Stopwatch.GetTimestamp();
            using (var document = JsonDocument.Parse(delivery.Body))
            {
                var root = document.RootElement;
                var message = root.TryGetProperty("message", out var inner) ? inner : root;
                var id = message.TryGetProperty("correlationId", out var c) ? c.GetString() ?? "" : "";
                plane.Counts.AddOrUpdate(id, 1, (_, n) => n + 1);
                plane.Outcomes.TryAdd(id, (at, delivery.Exchange == EntityNames.HostVolumeResizedExchange));
                if (plane.Waiters.TryGetValue(id, out var waiter))
                    waiter.TrySetResult();
            }

            await listener.BasicAckAsync(delivery.DeliveryTag, false);
        };
        await listener.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);
        return plane;
    }

    /// <summary>A channel with publisher confirms, for one publishing loop.</summary>
    public Task<IChannel> PublisherAsync(CancellationToken cancellationToken) =>
        _connection.CreateChannelAsync(new CreateChannelOptions(true, true), cancellationToken);

    /// <summary>Publishes one request as raw JSON, persistent, on <paramref name="channel"/>, and waits for its confirm.</summary>
    public static async Task PublishAsync(IChannel channel, VolumeExtended request, string correlationId, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            CorrelationId = correlationId,
            MessageId = correlationId,
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(request, ContractJson.Options);
        await channel.BasicPublishAsync(EntityNames.VolumeExtendedExchange, request.Host, mandatory: false, properties, body, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _listener.QueueDeleteAsync(_queue, false, false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The cluster went away first: nothing to clean.
        }

        await _listener.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
