namespace Brick.Engine.Core;

/// <summary>Bounded exponential back-off: pauses that double up to a ceiling, and a poll until a condition or a time limit.</summary>
internal static class Backoff
{
    /// <summary>The pause after <paramref name="delay"/>: twice as long, at most <paramref name="max"/>.</summary>
    public static TimeSpan Next(TimeSpan delay, TimeSpan max) => delay * 2 < max ? delay * 2 : max;

    /// <summary>Checks <paramref name="condition"/> until it holds (true) or <paramref name="limit"/> has passed (false), pausing with back-off.</summary>
    public static async Task<bool> PollAsync(
        Func<bool> condition, TimeSpan limit, EngineOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var delay = options.PollInitialDelay;
        while (!condition())
        {
            if (clock.GetElapsedTime(started) >= limit)
                return false;
            await Task.Delay(delay, clock, cancellationToken);
            delay = Next(delay, options.PollMaxDelay);
        }

        return true;
    }
}
