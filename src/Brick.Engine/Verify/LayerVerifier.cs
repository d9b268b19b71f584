using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Discovery;
using Brick.Engine.Kernel;
using Brick.Engine.Rescan;
using Brick.Engine.Resize;

namespace Brick.Engine.Verify;

/// <summary>
/// Checks that every layer of a volume shows its paths' size: a native NVMe head as soon as the paths agree (the kernel
/// grows it by itself), and at the end every path, the head and the map read once more, and the guest device's size.
/// </summary>
internal sealed class LayerVerifier(Sysfs sys, SizeSettler settler)
{
    /// <summary>Waits for a native NVMe head to follow its paths; <c>PathSizeMismatch</c> when it does not.</summary>
    public async Task<long> RequireHeadAsync(string head, long pathSize, CancellationToken cancellationToken)
    {
        var size = await settler.WaitForAsync(head, pathSize, cancellationToken);
        return size == pathSize
            ? pathSize
            : throw new ExtendFailedException(ResizeFailureReason.PathSizeMismatch, $"{head} shows {size} bytes while its paths show {pathSize}.");
    }

    /// <summary>
    /// Reads every layer once more: paths equal, map and head equal to the paths. Returns the guest device's size;
    /// <paramref name="pathSizes"/> holds the sizes the paths showed.
    /// </summary>
    public long VerifyAll(VolumeDevices devices, long pathSize, IDictionary<string, long?> pathSizes)
    {
        foreach (var path in devices.Paths)
            pathSizes[path.Name] = PathSizeReader.Read(sys, path);
        var drifted = devices.Paths.Where(p => pathSizes[p.Name] != pathSize).ToList();
        if (drifted.Count > 0)
        {
            throw new ExtendFailedException(ResizeFailureReason.PathSizeMismatch,
                $"Path {string.Join(", ", drifted.Select(p => $"{p.Name} shows {pathSizes[p.Name]}"))} bytes at verification, not {pathSize}.");
        }

        foreach (var layer in new[] { devices.NvmeHead, devices.Map }.OfType<string>())
        {
            var size = sys.ReadSizeBytes(layer);
            if (size != pathSize)
                throw new ExtendFailedException(ResizeFailureReason.MultipathResizeFailed, $"{layer} shows {size} bytes at verification, not {pathSize}.", true);
        }

        return sys.ReadSizeBytes(devices.Top)
            ?? throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound, $"{devices.Top} has no size at verification.");
    }
}
