using Brick.Engine.Core;

namespace Brick.Service.Settings;

/// <summary>
/// A consumer's endpoint on the broker: its queues' types, how many messages it holds and works on, its retries and
/// delivery limit, the largest bodies, its outcomes' format and publish limit, its stop, the broker's consumer timeout.
/// Bound from the <c>Brick</c> section; checked by <see cref="EndpointSettingsValidator"/>.
/// </summary>
public sealed class EndpointSettings
{
    private static readonly EngineOptions EngineDefaults = new();

    /// <summary>The type of the worker queue, decided when the queue is first created.</summary>
    public QueueKind QueueType { get; set; } = QueueKind.Quorum;

    /// <summary>
    /// The type of the error queue, decided when it is first created. Classic by default: one replicated queue per
    /// consumer and host (the work queue), an error queue on one node's disk (docs/reliability.md says what that gives up).
    /// </summary>
    public QueueKind ErrorQueueType { get; set; } = QueueKind.Classic;

    /// <summary>How outcomes are written: MassTransit envelopes (default) or the bare JSON object.</summary>
    public OutputFormat Output { get; set; } = OutputFormat.Envelope;

    /// <summary>How many messages (of different volumes) are worked on at once; also the engine's bound on operations.</summary>
    public int MaxConcurrency { get; set; } = EngineDefaults.MaxConcurrentOperations;

    /// <summary>
    /// How many messages are taken from the queue and worked on at once. Waiting ones hold no operation slot
    /// (<see cref="MaxConcurrency"/> bounds operations); the events of one volume among them are answered by one operation.
    /// </summary>
    public int PrefetchCount { get; set; } = 64;

    /// <summary>
    /// How many more times a transient failure is tried before the message goes to the error queue. Every try holds the
    /// same delivery: <see cref="DeliveryBudget"/> keeps the whole under <see cref="BrokerConsumerTimeout"/>.
    /// </summary>
    public int RetryLimit { get; set; } = 3;

    /// <summary>The pause before the first retry; it doubles up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest pause between two tries.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>On SIGTERM, how long work in flight may go on before it is cut short (and its message redelivered later).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest message body read, in bytes, checked before parsing: a larger one is <c>InvalidRequest</c>.</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The largest message body the broker connection takes into memory at all (RabbitMQ.Client's
    /// <c>MaxInboundMessageBodySize</c>, refused from the body's announced size, before it is read); at least
    /// <see cref="MaxMessageBytes"/>. With <see cref="PrefetchCount"/> it bounds what messages in hand can cost. A larger
    /// body is moved to the error queue unread (<c>InvalidRequest</c>), its first bytes kept.
    /// </summary>
    public int MaxReceivedBytes { get; set; } = 2 << 20;

    /// <summary>
    /// How many times one message may be delivered without an outcome (the worker crashing on it, its failure not
    /// publishable) before it goes to the error queue with its reason; kept below RabbitMQ 4's default delivery limit
    /// of quorum queues (20), so that the broker never drops a message itself.
    /// </summary>
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>
    /// How long the broker has to take and confirm one outcome; past it the publish has failed (retried, then the
    /// message goes to the error queue). MassTransit itself keeps trying a publish the broker refuses until it is cancelled.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The broker's <c>consumer_timeout</c> (RabbitMQ's default: 30 minutes): a delivery held longer unacknowledged makes
    /// the broker close the channel and redeliver every message on it. The settings are refused where one delivery could
    /// be held that long (<see cref="DeliveryBudget"/>); set this to the broker's value where it differs.
    /// </summary>
    public TimeSpan BrokerConsumerTimeout { get; set; } = TimeSpan.FromMinutes(30);
}
