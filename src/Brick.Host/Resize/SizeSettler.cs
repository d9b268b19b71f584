using Brick.Host.Engine;
using Brick.Host.HostTree;

namespace Brick.Host.Resize;

/// <summary>Polls a device until it shows an expected size, for a bounded time; returns the last size read.</summary>
internal sealed class SizeSettler(Sysfs sys, EngineOptions options, TimeProvider clock)
{
    public async Task<long?> WaitForAsync(string device, long expected, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var delay = options.PollInitialDelay;
        while (true)
        {
            var size = sys.ReadSizeBytes(device);
            if (size == expected || clock.GetElapsedTime(started) >= options.SettleTimeout)
                return size;
            await Task.Delay(delay, clock, cancellationToken);
            delay = delay * 2 < options.PollMaxDelay ? delay * 2 : options.PollMaxDelay;
        }
    }
}
