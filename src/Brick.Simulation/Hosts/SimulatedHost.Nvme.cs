using Brick.Contracts;
using Brick.Simulation.Devices;
using Brick.Simulation.Files;

namespace Brick.Simulation.Hosts;

public sealed partial class SimulatedHost
{
    /// <summary>
    /// Attaches an NVMe-oF namespace through <paramref name="controllers"/> controllers: with native multipath, hidden
    /// paths <c>nvmeScCnN</c> under a head <c>nvmeSnN</c>; without, one <c>nvmeCnN</c> per controller. Sizes in sysfs are
    /// 512-byte sectors whatever <paramref name="logicalBlockSize"/> is. With <paramref name="dmMultipath"/> (and without native
    /// multipath), multipathd maps the per-controller namespaces as on the real kernel: <c>dm/uuid</c> <c>mpath-uuid.UUID</c>.
    /// </summary>
    public SimulatedVolume AddNvmeVolume(
        long sizeBytes, int controllers = 2, bool nativeMultipath = true, int logicalBlockSize = 512, bool dmMultipath = false) =>
        AddNvmeVolume(sizeBytes, null, null, null, controllers, nativeMultipath, logicalBlockSize, dmMultipath ? "" : null);

    /// <summary>
    /// Attaches an NVMe-oF namespace of subsystem <paramref name="nqn"/> (null: a new one) named by <paramref name="uuid"/>
    /// and/or <paramref name="nguid"/> (both null: a new UUID); with <paramref name="dmMap"/> (and without native
    /// multipath), multipathd maps it under that WWID (empty: <c>uuid.UUID</c>).
    /// </summary>
    public SimulatedVolume AddNvmeVolume(
        long sizeBytes, string? nqn, string? uuid, string? nguid, int controllers = 2, bool nativeMultipath = true, int logicalBlockSize = 512,
        string? dmMap = null)
    {
        if (nativeMultipath && dmMap is not null)
            throw new ArgumentException("dm-multipath maps per-controller namespaces: turn native multipath off.", nameof(dmMap));

        if (uuid is null && nguid is null)
            uuid = new Guid(_random.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture) + "0123456789abcdef").ToString();
        var lun = new SimulatedLun(uuid ?? nguid!, sizeBytes);
        var subsystem = _nextSubsystem++;
        nqn ??= $"nqn.2014-08.org.example:subsys-{subsystem}";
        var paths = new List<string>();
        string? head = null;
        if (nativeMultipath)
        {
            head = $"nvme{subsystem}n1";
            var headDir = $"sys/devices/virtual/nvme-subsystem/nvme-subsys{subsystem}/{head}";
            AddBlock(head, headDir, sizeBytes);
            WriteNamespaceIds(headDir, uuid, nguid, logicalBlockSize);
        }

        for (var i = 0; i < controllers; i++)
        {
            var index = _nextController++;
            var controller = new SimulatedNvmeController($"nvme{index}", $"sys/devices/virtual/nvme-fabrics/ctl/nvme{index}", nqn);
            _tree.File($"{controller.Dir}/subsysnqn", nqn + "\n");
            _tree.File($"{controller.Dir}/state", "live\n");
            _tree.File($"{controller.Dir}/transport", "tcp\n");
            _tree.File($"{controller.Dir}/rescan_controller", "");
            _tree.Link($"sys/class/nvme/{controller.Name}", controller.Dir);
            var ns = nativeMultipath ? $"nvme{subsystem}c{index}n1" : $"nvme{index}n1";
            var nsDir = $"{controller.Dir}/{ns}";
            if (nativeMultipath)
            {
                // As on Linux 6.1: hidden paths are in /sys/block too, with hidden=1 and no /dev node.
                _tree.File($"{nsDir}/size", TreeWriter.Sectors(sizeBytes));
                _tree.File($"{nsDir}/hidden", "1\n");
                _tree.Link($"sys/block/{ns}", nsDir);
            }
            else
            {
                AddBlock(ns, nsDir, sizeBytes);
            }

            WriteNamespaceIds(nsDir, uuid, nguid, logicalBlockSize);
            controller.Namespaces.Add((ns, $"{nsDir}/size", lun));
            lock (_controllers)
                _controllers.Add(controller);
            _kernel.Wake();
            paths.Add(ns);
        }

        var map = dmMap is null ? null : AddMap(dmMap.Length > 0 ? dmMap : uuid is null ? $"eui.{nguid}" : $"uuid.{uuid}", paths);
        var data = new Dictionary<string, object> { ["target_nqn"] = nqn };
        if (uuid is not null)
            data["vol_uuid"] = uuid;
        if (nguid is not null)
            data["vol_nguid"] = nguid;
        return new SimulatedVolume(lun, paths, map, head, VolumeConnection.From("nvmeof", data));
    }

    /// <summary>Sets an NVMe controller's state (<c>live</c>, <c>connecting</c>, <c>resetting</c>, …).</summary>
    public void SetControllerState(string controller, string state) =>
        _tree.File($"{Controllers.Single(c => c.Name == controller).Dir}/state", state + "\n");

    /// <summary>The NVMe controller <paramref name="name"/>.</summary>
    internal SimulatedNvmeController Controller(string name) => Controllers.Single(c => c.Name == name);

    private void WriteNamespaceIds(string dir, string? uuid, string? nguid, int logicalBlockSize)
    {
        if (uuid is not null)
            _tree.File($"{dir}/uuid", uuid + "\n");
        if (nguid is not null)
            _tree.File($"{dir}/nguid", nguid + "\n");
        _tree.File($"{dir}/wwid", (uuid is not null ? $"uuid.{uuid}" : $"eui.{nguid}") + "\n");
        _tree.File($"{dir}/queue/logical_block_size", $"{logicalBlockSize}\n");
    }
}
