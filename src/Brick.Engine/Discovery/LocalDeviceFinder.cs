using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Kernel;
using Brick.Engine.Requests;

namespace Brick.Engine.Discovery;

/// <summary>
/// Resolves a local volume's <c>device_path</c> (links followed inside <c>/dev</c>) to a block device known to sysfs,
/// when the path as given or the device it leads to is on the allow-list (else <c>InvalidRequest</c>, before anything
/// is read). A WWID in the request must be the device's own: a SCSI disk's, an NVMe namespace's, a multipath map's
/// (<c>dm/uuid</c> <c>mpath-WWID</c>); a loop device or another device-mapper device has none, so a request that
/// names one for it is <c>WwidMismatch</c>.
/// </summary>
internal sealed class LocalDeviceFinder(Sysfs sys, DevTree dev, LocalDeviceAllowList allowed)
{
    public PathDevice Find(LocalTarget target, string? wwid)
    {
        var name = Resolve(target);
        if (name is null || !sys.IsBlockDevice(name))
            throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound, $"{target.DevicePath} is not a block device on this host.");
        if (DeviceName.IsNvmeController(name))
            throw new ExtendFailedException(ResizeFailureReason.Unsupported, $"{target.DevicePath} is an NVMe controller, not a block device.");
        if (wwid is not null)
            RequireWwid(target, name, wwid);

        return new PathDevice(name, DeviceName.IsLoop(name) ? PathKind.Loop : PathKind.LocalBlock);
    }

    private string? Resolve(LocalTarget target)
    {
        var given = allowed.Allows(target.DevicePath);
        string? name;
        try
        {
            name = dev.ResolveDevicePath(target.DevicePath);
        }
        catch (PathEscapeException e)
        {
            if (!given)
                throw NotAllowed(target);
            throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound, $"{target.DevicePath} is unusable: {e.Message}");
        }

        if (!given && (name is null || !allowed.Allows("/dev/" + name)))
            throw NotAllowed(target);
        return name;
    }

    private ExtendFailedException NotAllowed(LocalTarget target) => new(ResizeFailureReason.InvalidRequest,
        $"{target.DevicePath} is not a device local volumes may use on this host (Brick:LocalDevicePatterns: {allowed.Describe()}); nothing was touched.",
        retriable: false);

    private void RequireWwid(LocalTarget target, string name, string wwid)
    {
        string? reported;
        if (DeviceName.IsScsiDisk(name))
        {
            reported = new ScsiIdentity(sys).ReadWwid(name);
        }
        else if (DeviceName.IsNvmeNamespace(name))
        {
            NvmeIdentity.Require(name, id => sys.ReadBlockNamespaceId(name, id), wwid);
            return;
        }
        else if (DeviceName.IsDeviceMapper(name) && sys.ReadDmUuid(name) is { } uuid && uuid.StartsWith("mpath-", StringComparison.Ordinal))
        {
            reported = uuid["mpath-".Length..];
        }
        else
        {
            reported = null;
        }

        if (reported != wwid)
        {
            throw new ExtendFailedException(ResizeFailureReason.WwidMismatch,
                $"The request names WWID {wwid} but {target.DevicePath} ({name}) reports {reported ?? "none (a loop or device-mapper device has no WWID)"}; nothing was touched.");
        }
    }
}
