namespace Brick.Tools.Replay;

/// <summary>
/// A count on stderr every second while a replay runs, for whoever watches a long one at a terminal: one line per
/// tick (no cursor tricks, so it reads the same in a log). Off when stderr is not a terminal.
/// </summary>
public sealed class ReplayProgress : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Starts ticking on <paramref name="stderr"/> when <paramref name="enabled"/>, every <paramref name="interval"/> (1 s by default).</summary>
    public ReplayProgress(ReplayTally tally, TextWriter stderr, bool enabled, TimeProvider clock, TimeSpan? interval = null)
    {
        _loop = enabled ? TickAsync(tally, stderr, clock, interval ?? TimeSpan.FromSeconds(1), _stop.Token) : Task.CompletedTask;
    }

    /// <summary>The progress line for <paramref name="summary"/> out of <paramref name="total"/> (0: unknown).</summary>
    public static string Line(ReplaySummary summary, long total) =>
        $"replay: {summary.Examined}{(total > 0 ? $" of {total}" : "")} looked at: " +
        $"{summary.Moved} moved, {(summary.WouldMove > 0 ? $"{summary.WouldMove} would move, " : "")}{summary.Skipped} skipped, {summary.Left} left";

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private static async Task TickAsync(ReplayTally tally, TextWriter stderr, TimeProvider clock, TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await stderr.WriteLineAsync(Line(tally.Snapshot(), tally.Total));
                await stderr.FlushAsync(stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
