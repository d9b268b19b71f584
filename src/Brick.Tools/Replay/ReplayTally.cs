namespace Brick.Tools.Replay;

/// <summary>The running counts of a replay, safe to read from another thread (the progress line) while it runs.</summary>
public sealed class ReplayTally
{
    private readonly long[] _counts = new long[Enum.GetValues<ReplayResult>().Length];
    private long _examined;
    private long _total;

    /// <summary>How many messages were in the source at the start (0 for a file, or before the start).</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>The run starts, with <paramref name="total"/> messages to look at.</summary>
    public void Begin(long total) => Interlocked.Exchange(ref _total, total);

    /// <summary>Counts one message.</summary>
    public void Add(ReplayResult result)
    {
        Interlocked.Increment(ref _counts[(int)result]);
        Interlocked.Increment(ref _examined);
    }

    /// <summary>The counts now.</summary>
    public ReplaySummary Snapshot()
    {
        long Of(ReplayResult r) => Interlocked.Read(ref _counts[(int)r]);
        var examined = Interlocked.Read(ref _examined);
        return new ReplaySummary(
            Of(ReplayResult.Moved), Of(ReplayResult.WouldMove), Of(ReplayResult.Skipped),
            Of(ReplayResult.Invalid), Of(ReplayResult.NoWorkerQueue), Of(ReplayResult.Refused),
            examined, Math.Max(Total - examined, 0), Of(ReplayResult.OtherHost));
    }
}

/// <summary>The counts of a replay.</summary>
/// <param name="Moved">Moved (or, from a file, published).</param>
/// <param name="WouldMove">Would have been moved (<c>--dry-run</c>).</param>
/// <param name="Skipped">Not matching the filters, or beyond <c>--max</c>.</param>
/// <param name="Invalid">Not valid <c>VolumeExtended</c> (from a file: bad lines).</param>
/// <param name="NoWorkerQueue">For hosts without a worker queue.</param>
/// <param name="Refused">Not confirmed by the broker.</param>
/// <param name="Examined">Looked at.</param>
/// <param name="NotExamined">In the source at the start but not looked at (the run was interrupted, or others took them meanwhile).</param>
/// <param name="OtherHost">In a host's error queue but naming another host: not sent there from that queue.</param>
public sealed record ReplaySummary(
    long Moved, long WouldMove, long Skipped, long Invalid, long NoWorkerQueue, long Refused, long Examined, long NotExamined, long OtherHost = 0)
{
    /// <summary>Left in place for a reason of their own: invalid, no worker queue, refused, another host's.</summary>
    public long Left => Invalid + NoWorkerQueue + Refused + OtherHost;

    /// <summary>
    /// Where the source was not there and that is no failure (a host's error queue, which MassTransit declares at the
    /// first failure the worker moves there): one line saying so; nothing was looked at. Null otherwise.
    /// </summary>
    public string? NoSource { get; init; }
}
