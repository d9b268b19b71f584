using Brick.Contracts;
using Brick.Simulation.Devices;

namespace Brick.Simulation.Hosts;

public sealed partial class SimulatedHost
{
    /// <summary>Attaches an iSCSI volume with one path per portal (<c>192.0.2.10:3260</c>, …), under a multipath map when asked.</summary>
    public SimulatedVolume AddIscsiVolume(long sizeBytes, int paths = 2, bool multipath = true, string? wwid = null, int lunNumber = 1)
    {
        wwid ??= NewWwid();
        var iqn = $"iqn.2010-10.org.example:vol-{wwid[^8..]}";
        return AddIscsiVolume(sizeBytes, [.. Enumerable.Range(0, paths).Select(i => ($"192.0.2.{10 + i}:3260", iqn, lunNumber))], multipath, wwid);
    }

    /// <summary>Attaches an iSCSI volume reached through the given portal/IQN/LUN triples, under a multipath map when asked.</summary>
    public SimulatedVolume AddIscsiVolume(long sizeBytes, IReadOnlyList<(string Portal, string Iqn, int Lun)> targets, bool multipath = true, string? wwid = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var lun = new SimulatedLun(wwid ?? NewWwid(), sizeBytes);
        var names = targets.Select(t => AddScsiPath(lun, t.Lun, $"ip-{t.Portal}-iscsi-{t.Iqn}-lun-{t.Lun}").Name).ToList();
        var map = multipath ? AddMap(lun.Wwid, names) : null;
        var data = new Dictionary<string, object>
        {
            ["target_portals"] = targets.Select(t => t.Portal).ToList(),
            ["target_iqns"] = targets.Select(t => t.Iqn).ToList(),
            ["target_luns"] = targets.Select(t => t.Lun).ToList(),
            ["scsi_wwn"] = lun.Wwid,
            ["device_path"] = "/dev/" + (map ?? names[0]),
        };
        if (multipath)
            data["multipath_id"] = lun.Wwid;
        return new SimulatedVolume(lun, names, map, null, VolumeConnection.From("iscsi", data));
    }

    /// <summary>Attaches a Fibre Channel volume with one path per target WWPN, under a multipath map when asked.</summary>
    public SimulatedVolume AddFibreChannelVolume(long sizeBytes, int paths = 2, bool multipath = true, int lunNumber = 1, string? wwid = null) =>
        AddFibreChannelVolume(sizeBytes, [.. Enumerable.Range(0, paths).Select(i => ($"500a0982{i:x2}feeb{_random.Next(0x10, 0xff):x2}", lunNumber))],
            multipath, wwid);

    /// <summary>Attaches a Fibre Channel volume reached through the given target ports (16 lower-case hex digits) and LUNs.</summary>
    public SimulatedVolume AddFibreChannelVolume(long sizeBytes, IReadOnlyList<(string Wwpn, int Lun)> targets, bool multipath = true, string? wwid = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var lun = new SimulatedLun(wwid ?? NewWwid(), sizeBytes);
        var names = targets.Select((t, i) => AddScsiPath(lun, t.Lun, $"pci-0000:05:00.{i}-fc-0x{t.Wwpn}-lun-{t.Lun}").Name).ToList();
        var map = multipath ? AddMap(lun.Wwid, names) : null;
        var data = new Dictionary<string, object>
        {
            ["target_wwn"] = targets.Select(t => t.Wwpn).ToList(),
            ["target_luns"] = targets.Select(t => t.Lun).ToList(),
            ["scsi_wwn"] = lun.Wwid,
        };
        if (multipath)
            data["multipath_id"] = lun.Wwid;
        return new SimulatedVolume(lun, names, map, null, VolumeConnection.From("fibre_channel", data));
    }

    /// <summary>The path device <paramref name="name"/> of a SCSI volume.</summary>
    public SimulatedScsiPath ScsiPath(string name) => _scsiPaths.Single(p => p.Name == name);

    /// <summary>Sets a SCSI path's device state (<c>running</c>, <c>offline</c>, <c>transport-offline</c>, <c>blocked</c>).</summary>
    public void SetPathState(string name, string state) => _tree.ReplaceFile(Path.Combine(ScsiPath(name).DeviceDir, "state"), state + "\n");

    /// <summary>Logs a path out: its device and by-path entry disappear, as after an iSCSI logout.</summary>
    public void RemovePath(string name)
    {
        var path = ScsiPath(name);
        lock (_scsiPaths)
            _scsiPaths.Remove(path);
        _tree.Delete($"dev/disk/by-path/{path.ByPathEntry}");
        _tree.Delete($"dev/{name}");
        _tree.Delete($"sys/block/{name}");
        _tree.Delete($"sys/class/block/{name}");
        foreach (var map in Maps.Where(m => m.Slaves.Contains(name)))
        {
            map.Remove(name);
            _tree.Delete($"{_blockDirs[map.Name]}/slaves/{name}");
        }

        _tree.Delete(path.DeviceDir);
        _blockDirs.TryRemove(name, out _);
        _removedPaths[name] = path;
    }

    /// <summary>
    /// Logs a removed path in again: the device comes back with the LUN's capacity now. As multipathd 0.9 does, it joins
    /// its map by itself only when its size is the map's; otherwise it stays out until <c>multipathd add path</c>.
    /// </summary>
    public SimulatedScsiPath RestorePath(string name)
    {
        var old = _removedPaths[name];
        _removedPaths.Remove(name);
        var path = AddScsiPath(old.Lun, old.LunNumber, old.ByPathEntry, name);
        var map = Maps.FirstOrDefault(m => m.Wwid == old.Lun.Wwid);
        if (map is not null && SizeOf(name) == SizeOf(map.Name))
            JoinMap(map, name);
        return path;
    }

    internal void JoinMap(SimulatedMap map, string path)
    {
        Stack(path, map.Name);
        map.Add(path);
    }

    private SimulatedScsiPath AddScsiPath(SimulatedLun lun, int lunNumber, string byPathEntry, string? name = null)
    {
        var scsiHost = _nextScsiHost++;
        var session = _nextSession++;
        name ??= NextDiskName();
        var deviceDir = $"sys/devices/platform/host{scsiHost}/session{session}/target{scsiHost}:0:0/{scsiHost}:0:0:{lunNumber}";
        var blockDir = $"{deviceDir}/block/{name}";
        _tree.File($"{deviceDir}/rescan", "");
        _tree.File($"{deviceDir}/state", "running\n");
        _tree.File($"{deviceDir}/wwid", KernelWwid(lun.Wwid) + "\n");
        _tree.File($"{deviceDir}/vendor", "LIO-ORG \n");
        _tree.File($"{deviceDir}/model", "brick-sim       \n");
        AddBlock(name, blockDir, lun.SizeBytes);
        _tree.Link($"{blockDir}/device", deviceDir);
        _tree.Link($"dev/disk/by-path/{byPathEntry}", $"dev/{name}");
        var path = new SimulatedScsiPath(name, lun, lunNumber, blockDir, deviceDir, byPathEntry);
        lock (_scsiPaths)
            _scsiPaths.Add(path);
        _kernel.Wake();
        return path;
    }

    private string AddMap(string wwid, IReadOnlyList<string> slaves)
    {
        var name = $"dm-{_nextDm++}";
        var dir = $"sys/devices/virtual/block/{name}";
        AddBlock(name, dir, slaves.Select(s => ReadSize(_blockDirs[s])).Min());
        _tree.File($"{dir}/dm/uuid", $"mpath-{wwid}\n");
        _tree.File($"{dir}/dm/name", $"{wwid}\n");
        foreach (var slave in slaves)
            Stack(slave, name);
        _tree.Link($"dev/mapper/{wwid}", $"dev/{name}");
        _tree.Link($"dev/disk/by-id/dm-uuid-mpath-{wwid}", $"dev/{name}");
        _tree.Link($"dev/disk/by-id/dm-name-{wwid}", $"dev/{name}");
        lock (_maps)
            _maps.Add(new SimulatedMap(name, wwid, slaves, $"{dir}/size"));
        return name;
    }

    /// <summary>A WWID in multipath form as the kernel's <c>device/wwid</c> shows it: <c>naa.</c>, <c>eui.</c> or <c>t10.</c> for types 3, 2, 1.</summary>
    internal static string KernelWwid(string wwid) => wwid[0] switch
    {
        '3' => "naa." + wwid[1..],
        '2' => "eui." + wwid[1..],
        '1' => "t10." + wwid[1..],
        _ => wwid,
    };
}
