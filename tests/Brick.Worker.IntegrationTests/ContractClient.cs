using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Brick.Contracts;
using Brick.Service.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Brick.Worker.IntegrationTests;

/// <summary>
/// A control plane that knows only the wire contract, on plain RabbitMQ.Client: it publishes raw JSON to
/// <c>brick.volume-extended</c> and reads outcomes from its own durable queue bound to both topic exchanges by host.
/// </summary>
public sealed class ContractClient : IAsyncDisposable
{
    private readonly BrokerFixture _broker;
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _queue;
    private readonly Channel<Outcome> _outcomes = System.Threading.Channels.Channel.CreateUnbounded<Outcome>();
    private readonly List<Outcome> _seen = [];

    private ContractClient(BrokerFixture broker, IConnection connection, IChannel channel, string queue)
    {
        _broker = broker;
        _connection = connection;
        _channel = channel;
        _queue = queue;
    }

    public static async Task<ContractClient> CreateAsync(BrokerFixture broker, string host)
    {
        var ct = TestContext.Current.CancellationToken;
        var connection = await broker.ConnectAsync();
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), ct);
        await ContractTopology.DeclareSharedAsync(channel, ct);
        var queue = $"test-outcomes.{host}";
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct);
        await channel.QueueBindAsync(queue, EntityNames.HostVolumeResizedExchange, host, cancellationToken: ct);
        await channel.QueueBindAsync(queue, EntityNames.HostVolumeResizeFailedExchange, host, cancellationToken: ct);

        var client = new ContractClient(broker, connection, channel, queue);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            client._outcomes.Writer.TryWrite(Outcome.Read(delivery.Exchange, delivery.RoutingKey, delivery.BasicProperties, delivery.Body));
            await channel.BasicAckAsync(delivery.DeliveryTag, false);
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer, ct);
        return client;
    }

    /// <summary>Publishes a body as it is, persistent, and waits for the broker's confirm.</summary>
    public async Task PublishAsync(string routingKey, byte[] body, string? contentType = "application/json", string? correlationId = null)
    {
        var properties = new BasicProperties
        {
            ContentType = contentType,
            DeliveryMode = DeliveryModes.Persistent,
            CorrelationId = correlationId,
            MessageId = Guid.NewGuid().ToString(),
        };
        await _channel.BasicPublishAsync(EntityNames.VolumeExtendedExchange, routingKey, mandatory: false, properties, body,
            TestContext.Current.CancellationToken);
    }

    /// <summary>Publishes a request object as raw JSON.</summary>
    public Task PublishAsync(string routingKey, object request, string? correlationId = null) =>
        PublishAsync(routingKey, JsonSerializer.SerializeToUtf8Bytes(request), "application/json", correlationId);

    /// <summary>Waits for an outcome that matches.</summary>
    public async Task<Outcome> WaitAsync(Func<Outcome, bool> match, TimeSpan timeout)
    {
        var found = _seen.FirstOrDefault(match);
        if (found is not null)
            return found;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await foreach (var outcome in _outcomes.Reader.ReadAllAsync(limit.Token))
            {
                _seen.Add(outcome);
                if (match(outcome))
                    return outcome;
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
        }

        throw new TimeoutException($"No matching outcome within {timeout}; seen: {string.Join(" | ", _seen)}");
    }

    /// <summary>Waits for the outcome of a volume.</summary>
    public Task<Outcome> WaitForVolumeAsync(string volumeId, TimeSpan timeout) => WaitAsync(o => o.VolumeId == volumeId, timeout);

    /// <summary>Every outcome seen within <paramref name="quiet"/> from now.</summary>
    public async Task<IReadOnlyList<Outcome>> DrainAsync(TimeSpan quiet)
    {
        try
        {
            await WaitAsync(_ => false, quiet);
        }
        catch (TimeoutException)
        {
        }

        return _seen;
    }

    /// <summary>
    /// Takes the messages of a queue (e.g. an error queue, which MassTransit creates at its first move), acknowledging
    /// them, until <paramref name="expected"/> are taken or <paramref name="timeout"/> passes; a queue not there yet is empty.
    /// Each try has a connection of its own: a quorum queue declared a moment ago may answer basic.get with
    /// INTERNAL_ERROR (noproc) until its Raft member runs, and RabbitMQ then closes the whole connection.
    /// </summary>
    public async Task<IReadOnlyList<(string? Reason, string Body)>> TakeAsync(string queue, int expected, TimeSpan timeout)
    {
        var ct = TestContext.Current.CancellationToken;
        var taken = new List<(string?, string)>();
        var deadline = DateTime.UtcNow + timeout;
        do
        {
            await using var connection = await _broker.ConnectAsync();
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            try
            {
                while (await channel.BasicGetAsync(queue, autoAck: true, ct) is { } message)
                    taken.Add((ReasonOf(message.BasicProperties), Encoding.UTF8.GetString(message.Body.Span)));
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode is 404 or 541)
            {
                // Not declared yet (404), or declared but its quorum member not running yet (541 noproc).
            }

            if (taken.Count >= expected)
                break;
            await Task.Delay(200, ct);
        }
        while (DateTime.UtcNow < deadline);

        return taken;
    }

    private static string? ReasonOf(IReadOnlyBasicProperties properties) =>
        properties.Headers?.TryGetValue(EntityNames.ReasonHeader, out var value) == true
            ? value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString()
            : null;

    /// <summary>The channel, for checks the helpers do not cover.</summary>
    public IChannel Channel => _channel;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _channel.QueueDeleteAsync(_queue);
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.OperationInterruptedException or RabbitMQ.Client.Exceptions.AlreadyClosedException)
        {
        }

        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
