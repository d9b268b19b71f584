using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Kernel;
using Brick.Engine.Multipath;

namespace Brick.Engine.Resize;

/// <summary>
/// Puts back into the map a path of the volume that multipathd left out: a path that came back (a new login) while
/// the LUN grew has another size than its map, and multipathd 0.9 refuses it and does not try again (seen on the real
/// kernel). Once the map has the paths' size, <c>multipathd add path NAME</c> takes it; the map's <c>slaves</c> must then list it.
/// </summary>
internal sealed class MultipathRejoiner(Sysfs sys, Multipathd multipathd, EngineOptions options, TimeProvider clock)
{
    /// <summary>Puts each path back; <paramref name="beforeCall"/> checks, before each call, that the devices are still the volume's.</summary>
    public async Task<int> RejoinAsync(string map, IReadOnlyList<string> paths, Action<string> beforeCall, CancellationToken cancellationToken)
    {
        foreach (var path in paths)
        {
            beforeCall(path);
            var result = await multipathd.RunAsync(["add", "path", path], cancellationToken);
            if (MultipathdOutput.Of(result) != "ok" || !await WaitForSlaveAsync(map, path, cancellationToken))
            {
                throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound,
                    $"Path {path} is not part of multipath map {map}, and multipathd add path {path} did not put it back ({result.Describe()}).");
            }
        }

        return paths.Count;
    }

    private Task<bool> WaitForSlaveAsync(string map, string path, CancellationToken cancellationToken) =>
        Backoff.PollAsync(() => sys.Slaves(map).Contains(path), options.SettleTimeout, options, clock, cancellationToken);
}
