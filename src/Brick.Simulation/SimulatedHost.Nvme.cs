using Brick.Contracts;

namespace Brick.Simulation;

public sealed partial class SimulatedHost
{
    /// <summary>
    /// Attaches an NVMe-oF namespace through <paramref name="controllers"/> controllers: with native multipath, hidden
    /// paths <c>nvmeScCnN</c> under a head <c>nvmeSnN</c>; without, one <c>nvmeCnN</c> per controller. Sizes in sysfs are
    /// 512-byte sectors whatever <paramref name="logicalBlockSize"/> is. With <paramref name="dmMultipath"/> (and without native
    /// multipath), multipathd maps the per-controller namespaces as on the real kernel: <c>dm/uuid</c> <c>mpath-uuid.UUID</c>.
    /// </summary>
    public SimulatedVolume AddNvmeVolume(
        long sizeBytes, int controllers = 2, bool nativeMultipath = true, int logicalBlockSize = 512, bool dmMultipath = false)
    {
        if (nativeMultipath && dmMultipath)
            throw new ArgumentException("dm-multipath maps per-controller namespaces: turn native multipath off.", nameof(dmMultipath));

        var uuid = new Guid(_random.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture) + "0123456789abcdef").ToString();
        var lun = new SimulatedLun(uuid, sizeBytes);
        var subsystem = _nextSubsystem++;
        var nqn = $"nqn.2014-08.org.example:subsys-{subsystem}";
        var paths = new List<string>();
        string? head = null;
        if (nativeMultipath)
        {
            head = $"nvme{subsystem}n1";
            var headDir = $"sys/devices/virtual/nvme-subsystem/nvme-subsys{subsystem}/{head}";
            AddBlock(head, headDir, sizeBytes);
            WriteNamespaceIds(headDir, uuid, logicalBlockSize);
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

            WriteNamespaceIds(nsDir, uuid, logicalBlockSize);
            controller.Namespaces.Add((ns, $"{nsDir}/size", lun));
            lock (_controllers)
                _controllers.Add(controller);
            paths.Add(ns);
        }

        var map = dmMultipath ? AddMap($"uuid.{uuid}", paths) : null;
        var data = new Dictionary<string, object> { ["target_nqn"] = nqn, ["vol_uuid"] = uuid };
        return new SimulatedVolume(lun, paths, map, head, VolumeConnection.From("nvmeof", data));
    }

    /// <summary>Sets an NVMe controller's state (<c>live</c>, <c>connecting</c>, <c>resetting</c>, …).</summary>
    public void SetControllerState(string controller, string state) =>
        _tree.File($"{Controllers.Single(c => c.Name == controller).Dir}/state", state + "\n");

    /// <summary>The NVMe controller <paramref name="name"/>.</summary>
    public SimulatedNvmeController Controller(string name) => Controllers.Single(c => c.Name == name);

    private void WriteNamespaceIds(string dir, string uuid, int logicalBlockSize)
    {
        _tree.File($"{dir}/uuid", uuid + "\n");
        _tree.File($"{dir}/wwid", $"uuid.{uuid}\n");
        _tree.File($"{dir}/queue/logical_block_size", $"{logicalBlockSize}\n");
    }
}
