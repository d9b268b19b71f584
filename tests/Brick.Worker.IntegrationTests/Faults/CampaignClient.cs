using System.Collections.Concurrent;
using System.Text.Json;
using Brick.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Brick.Worker.IntegrationTests.Faults;

/// <summary>
/// The control plane of a fault campaign, on plain RabbitMQ.Client, that outlives every fault it injects: it publishes
/// each event until the broker confirms it (connecting again, to any node, as often as needed) and reads the outcomes
/// of its host from a quorum queue of its own, which no node's loss empties. Outcomes are kept by the event
/// (correlation id) and by the message id the worker gave them: a redelivery of one outcome to this client is not a
/// duplicate, a second outcome for one event is.
/// </summary>
public sealed class CampaignClient : IAsyncDisposable
{
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(250);

    private readonly ConnectionFactory _factory;
    private readonly IList<AmqpTcpEndpoint> _endpoints;
    private readonly string _host;
    private readonly string _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Outcome>> _byEvent = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Outcome> _strays = new();
    private readonly Task _listening;
    private readonly TaskCompletionSource _consuming = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IConnection? _publishConnection;
    private IChannel? _publishChannel;
    private int _answered;
    private int _reconnects;
    private int _republished;
    private int _redelivered;

    private CampaignClient(CampaignBroker broker, string host)
    {
        _factory = new ConnectionFactory
        {
            UserName = broker.UserName,
            Password = broker.Password,
            AutomaticRecoveryEnabled = false,
            RequestedHeartbeat = TimeSpan.FromSeconds(10),
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
            ContinuationTimeout = TimeSpan.FromSeconds(10),
            ClientProvidedName = $"fault campaign {host}",
        };
        _endpoints = [.. broker.Ports.Select(p => new AmqpTcpEndpoint("127.0.0.1", p))];
        _host = host;
        _queue = $"campaign-outcomes.{host}";
        _listening = Task.Run(ListenAsync);
    }

    /// <summary>Events with at least one outcome.</summary>
    public int Answered => Volatile.Read(ref _answered);

    /// <summary>How many times a connection was made again after one broke (publisher and listener).</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>Events published again because the broker's confirm did not come (each may reach the worker twice).</summary>
    public int Republished => Volatile.Read(ref _republished);

    /// <summary>Outcomes this client was given again after its own connection broke (not the worker's duplicates).</summary>
    public int Redelivered => Volatile.Read(ref _redelivered);

    /// <summary>Outcomes whose correlation id is no event's.</summary>
    public IReadOnlyCollection<Outcome> Strays => _strays;

    /// <summary>Starts listening; returns once the outcome queue is declared, bound and consumed.</summary>
    public static async Task<CampaignClient> CreateAsync(CampaignBroker broker, string host)
    {
        var client = new CampaignClient(broker, host);
        await client._consuming.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return client;
    }

    /// <summary>The outcomes of one event, one per message the worker published.</summary>
    public IReadOnlyList<Outcome> OutcomesOf(string correlationId) =>
        _byEvent.TryGetValue(correlationId, out var outcomes) ? [.. outcomes.Values] : [];

    /// <summary>Publishes a request with <paramref name="correlationId"/> until the broker confirms it.</summary>
    public async Task PublishAsync(object request, string correlationId, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request);
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            CorrelationId = correlationId,
            MessageId = correlationId,
        };
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (attempt > 0)
                Interlocked.Increment(ref _republished);
            try
            {
                var channel = await PublishChannelAsync(cancellationToken);
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                limit.CancelAfter(ConfirmTimeout);
                await channel.BasicPublishAsync(EntityNames.VolumeExtendedExchange, _host, mandatory: false, properties, body, limit.Token);
                return;
            }
            catch (Exception e) when (IsBrokerTrouble(e) && !cancellationToken.IsCancellationRequested)
            {
                await DropPublisherAsync();
                await Task.Delay(Pause, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Waits until the worker consumes the host's queue (so that nothing published goes to <c>brick.unrouted</c>);
    /// <paramref name="gone"/> says why the worker never will (it exited), or null while it may.
    /// </summary>
    public async Task WaitForConsumerAsync(TimeSpan timeout, Func<string?>? gone = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (gone?.Invoke() is { } why)
                throw new InvalidOperationException($"No worker will consume {EntityNames.WorkerQueue(_host)}: {why}");
            try
            {
                // A connection of its own: a passive declare of a queue not there yet closes the channel.
                await using var connection = await _factory.CreateConnectionAsync(_endpoints, TestContext.Current.CancellationToken);
                await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
                var queue = await channel.QueueDeclarePassiveAsync(EntityNames.WorkerQueue(_host), TestContext.Current.CancellationToken);
                if (queue.ConsumerCount > 0)
                    return;
            }
            catch (Exception e) when (IsBrokerTrouble(e))
            {
                // not declared yet, or not consumed yet
            }

            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No worker consumed {EntityNames.WorkerQueue(_host)} within {timeout}");
            await Task.Delay(Pause, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>How many messages wait in <paramref name="queue"/> (0 when it is not there).</summary>
    public async Task<uint> CountAsync(string queue)
    {
        await using var connection = await _factory.CreateConnectionAsync(_endpoints, TestContext.Current.CancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, TestContext.Current.CancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _listening;
        }
        catch (OperationCanceledException)
        {
        }

        await DropPublisherAsync();
        _stop.Dispose();
    }

    private async Task<IChannel> PublishChannelAsync(CancellationToken cancellationToken)
    {
        if (_publishChannel is { IsOpen: true } open)
            return open;
        await DropPublisherAsync();
        _publishConnection = await _factory.CreateConnectionAsync(_endpoints, cancellationToken);
        _publishChannel = await _publishConnection.CreateChannelAsync(new CreateChannelOptions(true, true), cancellationToken);
        return _publishChannel;
    }

    private async Task DropPublisherAsync()
    {
        var (channel, connection) = (_publishChannel, _publishConnection);
        (_publishChannel, _publishConnection) = (null, null);
        if (connection is not null)
            Interlocked.Increment(ref _reconnects);
        await QuietlyAsync(channel);
        await QuietlyAsync(connection);
    }

    private async Task ListenAsync()
    {
        var first = true;
        while (!_stop.IsCancellationRequested)
        {
            IConnection? connection = null;
            IChannel? channel = null;
            try
            {
                connection = await _factory.CreateConnectionAsync(_endpoints, _stop.Token);
                if (!first)
                    Interlocked.Increment(ref _reconnects);
                first = false;
                var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                connection.ConnectionShutdownAsync += (_, _) =>
                {
                    closed.TrySetResult();
                    return Task.CompletedTask;
                };
                channel = await connection.CreateChannelAsync(cancellationToken: _stop.Token);
                channel.ChannelShutdownAsync += (_, _) =>
                {
                    closed.TrySetResult();
                    return Task.CompletedTask;
                };
                await RunningWorker.DeclareSharedTopologyAsync(channel, _stop.Token);
                await channel.QueueDeclareAsync(_queue, durable: true, exclusive: false, autoDelete: false,
                    arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: _stop.Token);
                await channel.QueueBindAsync(_queue, EntityNames.HostVolumeResizedExchange, _host, cancellationToken: _stop.Token);
                await channel.QueueBindAsync(_queue, EntityNames.HostVolumeResizeFailedExchange, _host, cancellationToken: _stop.Token);
                await channel.BasicQosAsync(0, 500, false, _stop.Token);
                var consumer = new AsyncEventingBasicConsumer(channel);
                consumer.ReceivedAsync += async (_, delivery) =>
                {
                    Record(delivery);
                    await channel.BasicAckAsync(delivery.DeliveryTag, false);
                };
                await channel.BasicConsumeAsync(_queue, autoAck: false, consumer, _stop.Token);
                _consuming.TrySetResult();
                await closed.Task.WaitAsync(_stop.Token);
            }
            catch (Exception e) when (IsBrokerTrouble(e) || e is OperationInterruptedException)
            {
                // The broker went, or this node cannot serve the queue yet: connect again, to whichever node answers.
            }
            finally
            {
                await QuietlyAsync(channel);
                await QuietlyAsync(connection);
            }

            if (!_stop.IsCancellationRequested)
                await Task.Delay(Pause, _stop.Token);
        }
    }

    private void Record(BasicDeliverEventArgs delivery)
    {
        var outcome = Outcome.Read(delivery.Exchange, delivery.RoutingKey, delivery.BasicProperties, delivery.Body);
        var messageId = delivery.BasicProperties.MessageId ?? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(delivery.Body.Span));
        if (outcome.CorrelationId is not { } correlation)
        {
            _strays.Enqueue(outcome);
            return;
        }

        var outcomes = _byEvent.GetOrAdd(correlation, _ => new ConcurrentDictionary<string, Outcome>(StringComparer.Ordinal));
        var wasEmpty = outcomes.IsEmpty;
        if (!outcomes.TryAdd(messageId, outcome))
            Interlocked.Increment(ref _redelivered);
        else if (wasEmpty)
            Interlocked.Increment(ref _answered);
    }

    private static bool IsBrokerTrouble(Exception e) =>
        e is BrokerUnreachableException or AlreadyClosedException or OperationInterruptedException or ConnectFailureException
            or PublishException or IOException or System.Net.Sockets.SocketException or TimeoutException
            or OperationCanceledException;

    private static async Task QuietlyAsync(IAsyncDisposable? disposable)
    {
        if (disposable is null)
            return;
        try
        {
            await disposable.DisposeAsync();
        }
        catch (Exception e) when (IsBrokerTrouble(e))
        {
        }
    }
}
