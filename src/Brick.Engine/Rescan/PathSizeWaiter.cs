using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Discovery;
using Brick.Engine.Kernel;

namespace Brick.Engine.Rescan;

/// <summary>
/// Polls the paths' sizes with a bounded back-off until they all agree and reach the requested size, issuing the
/// rescan again (a bounded number of times) for paths that lag. Ends in <c>RescanTimeout</c> when they agree below
/// the requested size, <c>PathSizeMismatch</c> when they disagree; a path whose size is gone (the device went away)
/// ends it at once in <c>DeviceNotFound</c>, and a rescan is issued again only after the devices are checked to be
/// still the volume's and running.
/// </summary>
internal sealed class PathSizeWaiter(Sysfs sys, PathRescanner rescanner, EngineOptions options, TimeProvider clock)
{
    /// <summary>
    /// How many pauses stay at <see cref="EngineOptions.PollInitialDelay"/> before they start to double: a size that
    /// lands a few ms after the rescan is seen within a poll of it, not after a pause of 4 or 8 ms (a handful of
    /// sysfs reads more).
    /// </summary>
    private const int QuickPolls = 5;

    /// <summary>
    /// Returns the size all paths agree on; <paramref name="observed"/> always holds the last sizes read.
    /// <paramref name="beforeRescan"/> throws when the devices are no longer the volume's.
    /// </summary>
    public async Task<long> WaitAsync(
        IReadOnlyList<PathDevice> paths, long requested, IDictionary<string, long?> observed, Action beforeRescan,
        CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var lastRescan = started;
        var reissues = 0;
        var delay = options.PollInitialDelay;
        var polls = 0;
        while (true)
        {
            foreach (var path in paths)
                observed[path.Name] = PathSizeReader.Read(sys, path);

            var gone = paths.Where(p => observed[p.Name] is null).ToList();
            if (gone.Count > 0)
            {
                throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound,
                    $"Path {string.Join(", ", gone.Select(p => p.Name))} has no size any more (the device went away) while waiting for the paths; nothing more is written.");
            }

            var sizes = paths.Select(p => observed[p.Name]).Distinct().ToList();
            if (sizes is [long agreed] && agreed >= requested)
                return agreed;

            if (clock.GetElapsedTime(started) >= options.PathWaitTimeout)
                throw Timeout(paths, requested, observed, sizes);

            var lagging = paths.Where(p => observed[p.Name] is not { } size || size < Math.Max(requested, sizes.Max() ?? 0)).ToList();
            if (lagging.Count > 0 && reissues < options.MaxRescanReissues
                && clock.GetElapsedTime(lastRescan) >= options.RescanReissueInterval)
            {
                beforeRescan();
                reissues++;
                lastRescan = clock.GetTimestamp();
                await rescanner.RescanAsync(lagging, cancellationToken);
            }

            var left = options.PathWaitTimeout - clock.GetElapsedTime(started);
            await Task.Delay(Min(delay, left > TimeSpan.Zero ? left : TimeSpan.Zero), clock, cancellationToken);
            if (++polls >= QuickPolls)
                delay = Backoff.Next(delay, options.PollMaxDelay);
        }
    }

    private ExtendFailedException Timeout(
        IReadOnlyList<PathDevice> paths, long requested, IDictionary<string, long?> observed, List<long?> sizes)
    {
        var seen = string.Join(", ", paths.Select(p => $"{p.Name} {observed[p.Name]?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unreadable"}"));
        var waited = $"{options.PathWaitTimeout.TotalSeconds:0.###} s";
        return sizes.Count > 1
            ? new ExtendFailedException(ResizeFailureReason.PathSizeMismatch,
                $"The paths still disagree after {waited} (bytes: {seen}); requested {requested}.")
            : new ExtendFailedException(ResizeFailureReason.RescanTimeout,
                $"The paths did not reach {requested} bytes within {waited} (bytes: {seen}); the array may not have grown the volume yet.");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
