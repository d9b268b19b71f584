namespace Brick.Service.Settings;

/// <summary>The RabbitMQ queue type of the worker queue.</summary>
public enum QueueKind
{
    /// <summary>A replicated quorum queue (the default).</summary>
    Quorum,

    /// <summary>A classic durable queue (single-node brokers, old RabbitMQ).</summary>
    Classic,
}
