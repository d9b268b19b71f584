using Brick.Engine.Core;
using Brick.Engine.Kernel;

namespace Brick.Engine.Resize;

/// <summary>Polls a device until it shows an expected size, for a bounded time; returns the last size read.</summary>
internal sealed class SizeSettler(Sysfs sys, EngineOptions options, TimeProvider clock)
{
    public async Task<long?> WaitForAsync(string device, long expected, CancellationToken cancellationToken)
    {
        long? size = null;
        await Backoff.PollAsync(() => (size = sys.ReadSizeBytes(device)) == expected, options.SettleTimeout, options, clock, cancellationToken);
        return size;
    }
}
