using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Kernel;
using Brick.Engine.Requests;

namespace Brick.Engine.Discovery;

/// <summary>
/// Finds every device of a volume, read-only, and checks it belongs to the volume before anything is touched:
/// path devices, their WWID and state, the multipath map (and its other slaves), and a dm-crypt mapping on top.
/// </summary>
internal sealed class DeviceDiscovery(Sysfs sys, DevTree dev, bool requireEveryListedPath)
{
    private readonly ScsiIdentity _identity = new(sys);
    private readonly MultipathMapFinder _maps = new(sys, dev);

    public VolumeDevices Discover(ExtendRequest request)
    {
        var (paths, head, map) = request.Target switch
        {
            IscsiTarget iscsi => Scsi(new ScsiPathFinder(dev).FindIscsi(iscsi), requireEveryListedPath, request),
            FibreChannelTarget fc => Scsi(new ScsiPathFinder(dev).FindFibreChannel(fc), requireEveryListed: false, request),
            NvmeofTarget nvme => Nvme(nvme, request),
            LocalTarget local => ([new LocalDeviceFinder(sys, dev).Find(local)], null, null),
            _ => throw new ExtendFailedException(ResizeFailureReason.Unsupported, $"{request.Target.DriverVolumeType} is not supported."),
        };

        if (request.MultipathExpected && map is null)
        {
            throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound,
                $"The request names multipath map {request.Wwid} but the paths ({string.Join(", ", paths.Select(p => p.Name))}) have none.");
        }

        var devices = new VolumeDevices(paths, head, map?.Device, null) { OutsideMap = map?.PathsOutside ?? [] };
        return devices with { Crypt = new CryptMappingFinder(sys).Find(devices.Base) };
    }

    private (IReadOnlyList<PathDevice>, string?, MultipathMap?) Scsi(ScsiDisks found, bool requireEveryListed, ExtendRequest request)
    {
        if (found.Disks.Count == 0)
        {
            throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound,
                $"No path device of the volume is present ({string.Join("; ", found.Missing)}).");
        }

        if (requireEveryListed && found.Missing.Count > 0)
        {
            throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound,
                $"Path {string.Join("; ", found.Missing)} is not present (found {string.Join(", ", found.Disks)}); nothing was touched.");
        }

        var wwid = _identity.RequireSameVolume(found.Disks, request.Wwid);
        var map = _maps.Find(found.Disks, wwid);
        var disks = found.Disks.ToList();
        if (map is not null)
        {
            var others = sys.Slaves(map.Device).Where(s => DeviceName.IsScsiDisk(s) && !disks.Contains(s)).ToList();
            if (others.Count > 0)
            {
                _identity.RequireSameVolume(others, wwid);
                disks.AddRange(others);
            }
        }

        _identity.RequireRunning(disks);
        return ([.. disks.Select(d => new PathDevice(d, PathKind.ScsiDisk))], null, map);
    }

    private (IReadOnlyList<PathDevice>, string?, MultipathMap?) Nvme(NvmeofTarget target, ExtendRequest request)
    {
        var found = new NvmePathFinder(sys).Find(target);
        var map = found.Head is null ? _maps.Find([.. found.Paths.Select(p => p.Name)], request.Wwid) : null;
        return (found.Paths, found.Head, map);
    }
}
