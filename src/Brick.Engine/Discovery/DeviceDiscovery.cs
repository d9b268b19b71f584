using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Kernel;
using Brick.Engine.Requests;

namespace Brick.Engine.Discovery;

/// <summary>
/// Finds every device of a volume, read-only, and checks it belongs to the volume before anything is touched:
/// path devices, their WWID and state, the multipath map (and its other slaves), and a dm-crypt mapping on top.
/// It records what made them the volume's (<see cref="IdentityFacts"/>), for the checks before each later write.
/// </summary>
internal sealed class DeviceDiscovery(Sysfs sys, DevTree dev, EngineOptions options)
{
    private readonly ScsiIdentity _identity = new(sys);
    private readonly MultipathMapFinder _maps = new(sys, dev);
    private readonly LocalDeviceAllowList _localDevices = new(options.LocalDevicePatterns);

    public VolumeDevices Discover(ExtendRequest request)
    {
        if (options.RequireWwid && request.Wwid is null && request.Target is IscsiTarget or FibreChannelTarget)
        {
            throw new ExtendFailedException(ResizeFailureReason.InvalidRequest,
                $"This host requires a WWID on every {request.Target.DriverVolumeType} request (Brick:RequireWwid) and the request names none (scsi_wwn or multipath_id); nothing was touched.",
                retriable: false);
        }

        var (paths, head, map) = request.Target switch
        {
            IscsiTarget iscsi => Scsi(new ScsiPathFinder(dev).FindIscsi(iscsi), options.RequireEveryListedPath, request),
            FibreChannelTarget fc => Scsi(new ScsiPathFinder(dev).FindFibreChannel(fc), requireEveryListed: false, request),
            NvmeofTarget nvme => Nvme(nvme, request),
            LocalTarget local => ([new LocalDeviceFinder(sys, dev, _localDevices).Find(local, request.Wwid)], null, null),
            _ => throw new ExtendFailedException(ResizeFailureReason.Unsupported, $"{request.Target.DriverVolumeType} is not supported."),
        };

        if (request.MultipathExpected && map is null)
        {
            throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound,
                $"The request names multipath map {request.Wwid} but the paths ({string.Join(", ", paths.Select(p => p.Name))}) have none.");
        }

        var devices = new VolumeDevices(paths, head, map?.Device, null) { OutsideMap = map?.PathsOutside ?? [] };
        devices = devices with { Crypt = new CryptMappingFinder(sys).Find(devices.Base) };
        return devices with { Identity = Facts(devices) };
    }

    private IdentityFacts Facts(VolumeDevices devices)
    {
        var facts = new IdentityFacts();
        foreach (var path in devices.Paths)
        {
            var name = path.Name;
            switch (path.Kind)
            {
                case PathKind.ScsiDisk:
                    facts.Add($"The WWID of {name}", () => _identity.ReadWwid(name))
                        .Add($"The state of {name}", () => sys.ReadScsiState(name), ResizeFailureReason.DeviceNotFound);
                    break;
                case PathKind.NvmeNamespace or PathKind.NvmeHiddenPath:
                    var controller = path.Controller!;
                    facts.Add($"The identity of {name}", () => NvmeIdentity.Line(id => sys.ReadNvmeNamespaceId(controller, name, id)))
                        .Add($"The state of {controller}", () => sys.ReadNvmeControllerAttribute(controller, NvmeControllerAttribute.State),
                            ResizeFailureReason.DeviceNotFound);
                    break;
                case PathKind.Loop:
                    facts.Add($"The backing file of {name}", () => sys.ReadLoopBackingFile(name));
                    break;
                case PathKind.LocalBlock when DeviceName.IsScsiDisk(name):
                    facts.Add($"The WWID of {name}", () => _identity.ReadWwid(name));
                    break;
                case PathKind.LocalBlock when DeviceName.IsNvmeNamespace(name):
                    facts.Add($"The identity of {name}", () => NvmeIdentity.Line(id => sys.ReadBlockNamespaceId(name, id)));
                    break;
                case PathKind.LocalBlock when DeviceName.IsDeviceMapper(name):
                    facts.Add($"The dm/uuid of {name}", () => sys.ReadDmUuid(name));
                    break;
            }
        }

        if (devices.NvmeHead is { } head)
            facts.Add($"The identity of {head}", () => NvmeIdentity.Line(id => sys.ReadBlockNamespaceId(head, id)));
        if (devices.Map is { } map)
            facts.Add($"The dm/uuid of {map}", () => sys.ReadDmUuid(map));
        if (devices.Crypt is { } crypt)
            facts.Add($"The dm/uuid of {crypt.Device}", () => sys.ReadDmUuid(crypt.Device));
        return facts;
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
        var found = new NvmePathFinder(sys).Find(target, request.Wwid);
        var map = found.Head is null ? _maps.Find([.. found.Paths.Select(p => p.Name)], request.Wwid) : null;
        return (found.Paths, found.Head, map);
    }
}
