namespace Brick.Contracts;

/// <summary>The RabbitMQ exchanges and queues of the wire contract. All are durable.</summary>
public static class EntityNames
{
    /// <summary>Direct exchange the block-storage service publishes <see cref="VolumeExtended"/> to, keyed by host.</summary>
    public const string VolumeExtendedExchange = "brick.volume-extended";

    /// <summary>Fanout exchange (the alternate exchange of <see cref="VolumeExtendedExchange"/>) and its queue.</summary>
    public const string Unrouted = "brick.unrouted";

    /// <summary>Topic exchange of <see cref="HostVolumeResized"/>, keyed by host.</summary>
    public const string HostVolumeResizedExchange = "brick.host-volume-resized";

    /// <summary>Topic exchange of <see cref="HostVolumeResizeFailed"/>, keyed by host.</summary>
    public const string HostVolumeResizeFailedExchange = "brick.host-volume-resize-failed";

    /// <summary>Topic exchange of <see cref="GuestDiskResized"/>, keyed by host.</summary>
    public const string GuestDiskResizedExchange = "brick.guest-disk-resized";

    /// <summary>Topic exchange of <see cref="GuestDiskResizeFailed"/>, keyed by host.</summary>
    public const string GuestDiskResizeFailedExchange = "brick.guest-disk-resize-failed";

    /// <summary>
    /// Direct exchange the policy <c>brick-worker-queues</c> (deploy/rabbitmq/definitions.json) makes every worker queue
    /// dead-letter to, with its own name as routing key (the policy's <c>dead-letter-routing-key</c>): one binding, to
    /// <see cref="WorkerDeadLetterQueue"/>, for the whole fleet. The message's host stays in its <c>x-death</c> header
    /// (<c>queue</c>, <c>routing-keys</c>) and in its body.
    /// </summary>
    public const string WorkerDeadLetterExchange = "brick.worker-dead-letter";

    /// <summary>The fleet's queue of the worker queues' dead letters (classic, durable), named as its exchange and bound from it with that name as key.</summary>
    public const string WorkerDeadLetterQueue = WorkerDeadLetterExchange;

    /// <summary>The same for blockresize's queues (policy <c>brick-blockresize-queues</c>), bound to <see cref="BlockresizeDeadLetterQueue"/>.</summary>
    public const string BlockresizeDeadLetterExchange = "brick.blockresize-dead-letter";

    /// <summary>The fleet's queue of blockresize's dead letters, named and bound as <see cref="WorkerDeadLetterQueue"/>.</summary>
    public const string BlockresizeDeadLetterQueue = BlockresizeDeadLetterExchange;

    /// <summary>The header that carries the failure reason of a message moved to an error queue.</summary>
    public const string ReasonHeader = "brick-reason";

    /// <summary>RabbitMQ's limit on the name of a queue or an exchange, in bytes: the one source of every host-name limit.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>
    /// The longest host name whose per-host entity <paramref name="nameOf"/> (the longest of a consumer: its error queue)
    /// stays within <see cref="MaxNameBytes"/>: 236 for <see cref="ErrorQueue"/>, 231 for <see cref="BlockresizeErrorQueue"/>.
    /// A host name is ASCII (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>), one byte a character.
    /// </summary>
    public static int MaxHostLength(Func<string, string> nameOf)
    {
        ArgumentNullException.ThrowIfNull(nameOf);
        return MaxNameBytes - System.Text.Encoding.UTF8.GetByteCount(nameOf(""));
    }

    /// <summary>The queue of one host's worker.</summary>
    public static string WorkerQueue(string host) => $"brick-worker.{host}";

    /// <summary>The queue a host's worker moves poison and given-up messages to.</summary>
    public static string ErrorQueue(string host) => $"{WorkerQueue(host)}_error";

    /// <summary>The queue of one host's virt-side consumer (<c>brick-worker blockresize</c>), bound to <see cref="HostVolumeResizedExchange"/> with the host as key.</summary>
    public static string BlockresizeQueue(string host) => $"brick-blockresize.{host}";

    /// <summary>The queue that consumer moves outcomes it could not use or gave up on to.</summary>
    public static string BlockresizeErrorQueue(string host) => $"{BlockresizeQueue(host)}_error";
}
