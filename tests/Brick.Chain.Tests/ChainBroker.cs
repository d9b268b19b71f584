using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Brick.Contracts;
using Brick.Worker.IntegrationTests;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using Testcontainers.RabbitMq;

namespace Brick.Chain.Tests;

/// <summary>
/// The chain's broker: a RabbitMQ container (the integration tests' image, <c>BRICK_TEST_RABBITMQ_IMAGE</c>), and a
/// plain AMQP client that publishes the <c>VolumeExtended</c> and hears every outcome of the host, noting when each
/// arrived.
/// </summary>
internal sealed class ChainBroker : IAsyncDisposable
{
    private readonly RabbitMqContainer _container;
    private readonly ConcurrentQueue<(string Exchange, JsonElement Message, TimeSpan At)> _heard = new();
    private IConnection? _connection;
    private IChannel? _channel;

    private ChainBroker(RabbitMqContainer container) => _container = container;

    public string Uri => _container.GetConnectionString();

    public static async Task<ChainBroker> StartAsync(CancellationToken cancellationToken)
    {
        var broker = new ChainBroker(RabbitContainers.Build());
        try
        {
            await broker._container.StartAsync(cancellationToken);
            broker._connection = await new ConnectionFactory { Uri = new Uri(broker.Uri) }.CreateConnectionAsync(cancellationToken);
            broker._channel = await broker._connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            return broker;
        }
        catch
        {
            // A start that failed half way (a wait that timed out, no connection) is returned to no one: remove it here.
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Hears every message of <paramref name="host"/> on the outcome exchanges (declared as the contract declares them).</summary>
    public async Task ListenAsync(string host, Stopwatch clock, CancellationToken cancellationToken)
    {
        var channel = _channel!;
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken)).QueueName;
        foreach (var exchange in (string[])[EntityNames.HostVolumeResizedExchange, EntityNames.HostVolumeResizeFailedExchange,
                     EntityNames.GuestDiskResizedExchange, EntityNames.GuestDiskResizeFailedExchange])
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(queue, exchange, host, cancellationToken: cancellationToken);
        }

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var body = JsonDocument.Parse(delivery.Body).RootElement.Clone();
            var message = body.TryGetProperty("message", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : body;
            _heard.Enqueue((delivery.Exchange, message, clock.Elapsed));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer, cancellationToken);
    }

    /// <summary>Waits until someone consumes from <paramref name="queue"/> (it is declared and bound by then).</summary>
    public async Task WaitForConsumerAsync(string queue, TimeSpan timeout, Func<string> whyNot, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            await using var probe = await _connection!.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                if ((await probe.QueueDeclarePassiveAsync(queue, cancellationToken)).ConsumerCount > 0)
                    return;
            }
            catch (OperationInterruptedException)
            {
                // not declared yet
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"Nobody consumes from {queue} after {timeout.TotalSeconds} s. {whyNot()}");
    }

    /// <summary>Publishes a raw <c>VolumeExtended</c> to <c>brick.volume-extended</c> with the host as key, persistent, confirmed.</summary>
    public async Task PublishAsync(VolumeExtended request, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, ContractJson.Options);
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            CorrelationId = Guid.NewGuid().ToString(),
            MessageId = Guid.NewGuid().ToString(),
        };
        await _channel!.BasicPublishAsync(EntityNames.VolumeExtendedExchange, request.Host, mandatory: false, properties, body, cancellationToken);
    }

    /// <summary>The first message heard on <paramref name="exchange"/> that <paramref name="wanted"/> accepts, and when it arrived.</summary>
    public async Task<(JsonElement Message, TimeSpan At)> WaitForAsync(string exchange, Func<JsonElement, bool> wanted, TimeSpan timeout, Func<string> whyNot, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            foreach (var heard in _heard)
            {
                if (heard.Exchange == exchange && wanted(heard.Message))
                    return (heard.Message, heard.At);
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"Nothing on {exchange} within {timeout.TotalSeconds} s; heard: {string.Join("; ", _heard.Select(h => $"{h.Exchange} {h.Message}"))}. {whyNot()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
            await _channel.DisposeAsync();
        if (_connection is not null)
            await _connection.DisposeAsync();
        await RabbitContainers.RemoveAsync(_container);
    }
}
