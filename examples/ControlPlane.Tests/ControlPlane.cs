using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ControlPlane.Tests;

/// <summary>
/// The control plane's side, knowing only the wire contract: it declares the contract's exchanges (with the same
/// arguments the worker uses), publishes <c>VolumeExtended</c> as raw JSON with the host as routing key, and reads the
/// outcomes for that host from a queue of its own bound to both outcome exchanges.
/// </summary>
public sealed class ControlPlane : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<(string Exchange, JsonElement Outcome)>> _waiting = new();

    private ControlPlane(IConnection connection, IChannel channel) => (_connection, _channel) = (connection, channel);

    public static async Task<ControlPlane> ConnectAsync(Uri broker, string host, CancellationToken cancellationToken)
    {
        var connection = await new ConnectionFactory { Uri = broker }.CreateConnectionAsync(cancellationToken);
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        await channel.ExchangeDeclareAsync("brick.unrouted", ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync("brick.volume-extended", ExchangeType.Direct, durable: true,
            arguments: new Dictionary<string, object?> { ["alternate-exchange"] = "brick.unrouted" }, cancellationToken: cancellationToken);
        var answers = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken)).QueueName;
        foreach (var exchange in new[] { "brick.host-volume-resized", "brick.host-volume-resize-failed" })
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(answers, exchange, host, cancellationToken: cancellationToken);
        }

        var controlPlane = new ControlPlane(connection, channel);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            using var body = JsonDocument.Parse(delivery.Body);
            // MassTransit envelope (the worker's default) or the bare outcome (Output=Raw).
            var outcome = body.RootElement.TryGetProperty("message", out var message) ? message.Clone() : body.RootElement.Clone();
            var volume = outcome.GetProperty("volumeId").GetString()!;
            controlPlane.Waiter(volume).TrySetResult((delivery.Exchange, outcome));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(answers, autoAck: true, consumer, cancellationToken);
        return controlPlane;
    }

    /// <summary>Publishes a request (raw JSON, persistent, confirmed) and waits for its volume's outcome.</summary>
    public async Task<(string Exchange, JsonElement Outcome)> ExtendAsync(object request, string host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var volume = JsonSerializer.SerializeToElement(request).GetProperty("volumeId").GetString()!;
        var outcome = Waiter(volume).Task;
        var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = Guid.NewGuid().ToString() };
        await _channel.BasicPublishAsync("brick.volume-extended", host, mandatory: false, properties, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request)),
            cancellationToken);
        return await outcome.WaitAsync(timeout, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private TaskCompletionSource<(string, JsonElement)> Waiter(string volume) =>
        _waiting.GetOrAdd(volume, _ => new TaskCompletionSource<(string, JsonElement)>(TaskCreationOptions.RunContinuationsAsynchronously));
}
