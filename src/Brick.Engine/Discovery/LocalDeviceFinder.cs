using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Kernel;
using Brick.Engine.Requests;

namespace Brick.Engine.Discovery;

/// <summary>Resolves a local volume's <c>device_path</c> (links followed inside <c>/dev</c>) to a block device known to sysfs.</summary>
internal sealed class LocalDeviceFinder(Sysfs sys, DevTree dev)
{
    public PathDevice Find(LocalTarget target)
    {
        string? name;
        try
        {
            name = dev.ResolveDevicePath(target.DevicePath);
        }
        catch (PathEscapeException e)
        {
            throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound, $"{target.DevicePath} is unusable: {e.Message}");
        }

        if (name is null || !sys.IsBlockDevice(name))
            throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound, $"{target.DevicePath} is not a block device on this host.");
        if (DeviceName.IsNvmeController(name))
            throw new ExtendFailedException(ResizeFailureReason.Unsupported, $"{target.DevicePath} is an NVMe controller, not a block device.");

        return new PathDevice(name, DeviceName.IsLoop(name) ? PathKind.Loop : PathKind.LocalBlock);
    }
}
