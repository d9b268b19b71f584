using Brick.Contracts;

namespace Brick.Tools.Replay;

/// <summary>
/// Where a replay takes messages from: a host's error queue, <c>brick.unrouted</c>, the fleet's dead-letter queue
/// <c>brick.worker-dead-letter</c>, or a queue named outright.
/// </summary>
/// <param name="Queue">The queue's name.</param>
/// <param name="Kind">Which of the four it is.</param>
/// <param name="Host">For a host's error queue, that host: only its own messages are replayed from there.</param>
public sealed record ReplaySource(string Queue, ReplaySourceKind Kind, string? Host = null)
{
    /// <summary>The word for a host's error queue in <c>--source</c> (the default).</summary>
    public const string ErrorWord = "error";

    /// <summary>The word for <c>brick.unrouted</c> in <c>--source</c>.</summary>
    public const string UnroutedWord = "unrouted";

    /// <summary>The word for <c>brick.worker-dead-letter</c> in <c>--source</c>.</summary>
    public const string DeadLetterWord = "dead-letter";

    /// <summary><c>brick-worker.&lt;host&gt;_error</c>.</summary>
    public static ReplaySource ErrorQueueOf(string host) => new(EntityNames.ErrorQueue(host), ReplaySourceKind.ErrorQueue, host);

    /// <summary><c>brick.unrouted</c>, where messages for hosts without a queue wait.</summary>
    public static ReplaySource Unrouted { get; } = new(EntityNames.Unrouted, ReplaySourceKind.Unrouted);

    /// <summary>
    /// <c>brick.worker-dead-letter</c>, the fleet's one queue of what the broker dead-lettered from any host's worker
    /// queue past its delivery limit (deploy/rabbitmq/definitions.json declares it).
    /// </summary>
    public static ReplaySource DeadLetter { get; } = new(EntityNames.WorkerDeadLetterQueue, ReplaySourceKind.DeadLetter);

    /// <summary>
    /// Whether messages of several hosts wait there, each replayed to the host it names: every source but a host's own
    /// error queue. An explicit <c>--host</c> picks that host's messages from a shared source.
    /// </summary>
    public bool IsShared => Kind != ReplaySourceKind.ErrorQueue;

    /// <summary>
    /// The <see cref="ReplayFilter.Host"/> of a replay of this source for <paramref name="host"/>: on a shared source,
    /// <paramref name="host"/> where it was given explicitly (<c>--host</c>), else none (every host's messages); on a
    /// host's error queue none (that queue replays its own host's messages only, and leaves any other as
    /// <c>other-host</c>).
    /// </summary>
    public string? HostFilter(string host, bool hostGiven) => IsShared && hostGiven ? host : null;

    /// <summary>Reads <c>--source</c> (null: <see cref="ErrorWord"/>) for <paramref name="host"/>, or says what is wrong.</summary>
    public static ReplaySource? Parse(string? source, string host, out string? error)
    {
        error = null;
        switch (source)
        {
            case null or ErrorWord:
                return ErrorQueueOf(host);
            case UnroutedWord:
                return Unrouted;
            case DeadLetterWord:
                return DeadLetter;
        }

        // AMQP queue names are short strings: at most 255 bytes; control characters have no business in one.
        if (source.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(source) > 255 || source.Any(char.IsControl))
        {
            error = $"--source '{source}' is neither error, unrouted nor a queue name (1 to 255 bytes, no control characters).";
            return null;
        }

        if (source == EntityNames.Unrouted)
            return Unrouted;
        if (source == EntityNames.WorkerDeadLetterQueue)
            return DeadLetter;
        // The host's own error queue named outright is that error queue, with its rule.
        return host.Length > 0 && source == EntityNames.ErrorQueue(host) ? ErrorQueueOf(host) : new ReplaySource(source, ReplaySourceKind.Queue);
    }
}

/// <summary>The kinds of <see cref="ReplaySource"/>.</summary>
public enum ReplaySourceKind
{
    /// <summary>A host's error queue: poison and given-up messages, with their <c>brick-reason</c>.</summary>
    ErrorQueue,

    /// <summary><c>brick.unrouted</c>: messages for hosts that had no worker queue.</summary>
    Unrouted,

    /// <summary>Any other queue, named on the command line.</summary>
    Queue,

    /// <summary>
    /// <c>brick.worker-dead-letter</c>: every host's messages the broker dead-lettered past its delivery limit, without a
    /// <c>brick-reason</c> (the broker's <c>x-first-death-reason</c> says <c>delivery_limit</c>).
    /// </summary>
    DeadLetter,
}
