namespace Brick.Tools.Replay;

/// <summary>What a replay did with one message.</summary>
public enum ReplayResult
{
    /// <summary>Published to <c>brick.volume-extended</c>, confirmed by the broker, then removed from the source.</summary>
    Moved,

    /// <summary>Would have been moved (<c>--dry-run</c>); left in place.</summary>
    WouldMove,

    /// <summary>Does not match the filters; left in place.</summary>
    Skipped,

    /// <summary>Not a valid <c>VolumeExtended</c> (<c>InvalidRequest</c>); never replayed, left in place.</summary>
    Invalid,

    /// <summary>Its host has no worker queue yet (it would only land in <c>brick.unrouted</c>); left in place.</summary>
    NoWorkerQueue,

    /// <summary>The broker did not confirm the publish; left in place.</summary>
    Refused,

    /// <summary>
    /// In a host's error queue but names another host (a <c>Misrouted</c> request, say): a replay of a host's error
    /// queue sends work to that host only; left in place.
    /// </summary>
    OtherHost,
}

/// <summary>The words for <see cref="ReplayResult"/> in output and in the <c>result</c> tag of the replay metric.</summary>
public static class ReplayResults
{
    /// <summary>The word for <paramref name="result"/>: <c>moved</c>, <c>would-move</c>, <c>skipped</c>, <c>invalid</c>, <c>no-worker-queue</c>, <c>refused</c>, <c>other-host</c>.</summary>
    public static string Word(this ReplayResult result) => result switch
    {
        ReplayResult.Moved => "moved",
        ReplayResult.WouldMove => "would-move",
        ReplayResult.Skipped => "skipped",
        ReplayResult.Invalid => "invalid",
        ReplayResult.NoWorkerQueue => "no-worker-queue",
        ReplayResult.Refused => "refused",
        ReplayResult.OtherHost => "other-host",
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, null),
    };
}

/// <summary>One message of a replay and what was done with it.</summary>
/// <param name="Position">Its place in the source at the start (1 = the head), or its line in a file.</param>
/// <param name="Result">What was done.</param>
/// <param name="Detail">Why, for anything but a move: the filter, the validation problem, the broker's answer.</param>
/// <param name="Message">What the message says.</param>
public sealed record ReplayedMessage(int Position, ReplayResult Result, string? Detail, ReplayCandidate Message);
