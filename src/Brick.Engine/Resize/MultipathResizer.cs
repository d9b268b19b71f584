using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Kernel;
using Brick.Engine.Multipath;

namespace Brick.Engine.Resize;

/// <summary>
/// <c>multipathd resize map /dev/dm-N</c> (the dm node: a WWID fails with user-friendly names), judged by its reply:
/// <c>ok</c>; <c>timeout</c> retried with back-off for a bounded time (multipathd reconfigures asynchronously);
/// <c>fail</c> is <c>MultipathResizeFailed</c>. Skipped when the map already has the paths' size. On multipathd's socket
/// or through its program (<see cref="Multipathd"/>), judged the same way.
/// </summary>
internal sealed class MultipathResizer(
    Sysfs sys, Multipathd multipathd, EngineOptions options, TimeProvider clock, SizeSettler settler)
{
    /// <summary>Resizes the map to the paths' size and returns how many <c>multipathd</c> calls it took (0 when skipped).</summary>
    /// <paramref name="beforeCall"/> checks, before each call, that the devices are still the volume's (it throws if not).
    public async Task<int> ResizeAsync(string map, long pathSize, Action beforeCall, CancellationToken cancellationToken)
    {
        var current = sys.ReadSizeBytes(map);
        if (current == pathSize)
            return 0;
        if (current > pathSize)
        {
            throw new ExtendFailedException(ResizeFailureReason.MultipathResizeFailed,
                $"Map {map} shows {current} bytes, more than its paths' {pathSize}; it is left alone.", retriable: false);
        }

        var calls = await CallUntilOkAsync(map, beforeCall, cancellationToken);
        var after = await settler.WaitForAsync(map, pathSize, cancellationToken);
        return after == pathSize
            ? calls
            : throw new ExtendFailedException(ResizeFailureReason.MultipathResizeFailed,
                $"multipathd answered ok but map {map} shows {after?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no size"} bytes, not {pathSize}.",
                retriable: true);
    }

    private async Task<int> CallUntilOkAsync(string map, Action beforeCall, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var delay = options.MultipathRetryInitialDelay;
        for (var calls = 1; ; calls++)
        {
            beforeCall();
            var result = await multipathd.RunAsync(["resize", "map", $"/dev/{map}"], cancellationToken);
            var reply = MultipathdOutput.Of(result);
            switch (reply)
            {
                case "ok" when !result.TimedOut:
                    return calls;
                case "fail":
                    throw new ExtendFailedException(ResizeFailureReason.MultipathResizeFailed,
                        $"multipathd resize map /dev/{map} answered fail although every path shows the new size.", retriable: false);
                case "timeout":
                    var waited = clock.GetElapsedTime(started);
                    if (waited + delay > options.MultipathTimeoutWindow)
                    {
                        throw new ExtendFailedException(ResizeFailureReason.MultipathResizeFailed,
                            $"multipathd resize map /dev/{map} answered timeout {calls} times over {waited.TotalSeconds:0.#} s.", retriable: true);
                    }

                    await Task.Delay(delay, clock, cancellationToken);
                    delay = Backoff.Next(delay, options.MultipathRetryMaxDelay);
                    break;
                default:
                    throw new ExtendFailedException(ResizeFailureReason.CommandFailed,
                        $"multipathd resize map /dev/{map} {result.Describe()}{(reply is null ? "" : $" (reply '{reply}')")}.");
            }
        }
    }
}
