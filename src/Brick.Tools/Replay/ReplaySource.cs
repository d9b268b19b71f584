using Brick.Contracts;

namespace Brick.Tools.Replay;

/// <summary>Where a replay takes messages from: a host's error queue, <c>brick.unrouted</c>, or a queue named outright.</summary>
/// <param name="Queue">The queue's name.</param>
/// <param name="Kind">Which of the three it is.</param>
/// <param name="Host">For a host's error queue, that host: only its own messages are replayed from there.</param>
public sealed record ReplaySource(string Queue, ReplaySourceKind Kind, string? Host = null)
{
    /// <summary>The word for a host's error queue in <c>--source</c> (the default).</summary>
    public const string ErrorWord = "error";

    /// <summary>The word for <c>brick.unrouted</c> in <c>--source</c>.</summary>
    public const string UnroutedWord = "unrouted";

    /// <summary><c>brick-worker.&lt;host&gt;_error</c>.</summary>
    public static ReplaySource ErrorQueueOf(string host) => new(EntityNames.ErrorQueue(host), ReplaySourceKind.ErrorQueue, host);

    /// <summary><c>brick.unrouted</c>, where messages for hosts without a queue wait.</summary>
    public static ReplaySource Unrouted { get; } = new(EntityNames.Unrouted, ReplaySourceKind.Unrouted);

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
        }

        // AMQP queue names are short strings: at most 255 bytes; control characters have no business in one.
        if (source.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(source) > 255 || source.Any(char.IsControl))
        {
            error = $"--source '{source}' is neither error, unrouted nor a queue name (1 to 255 bytes, no control characters).";
            return null;
        }

        if (source == EntityNames.Unrouted)
            return Unrouted;
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
}
