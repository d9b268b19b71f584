namespace Brick.Engine.Kernel;

/// <summary>
/// The sysfs attributes the worker reads, and the only two it writes (<c>rescan</c> and <c>rescan_controller</c>).
/// Every path is built from names that passed <see cref="DeviceName"/>.
/// </summary>
internal sealed class Sysfs
{
    private readonly RootedTree _tree;

    /// <summary>Opens the sysfs tree at <paramref name="root"/> (<c>/sys</c> on a real host).</summary>
    public Sysfs(string root) => _tree = new RootedTree(root, "/sys");

    /// <summary>
    /// The size of a block device in bytes (<c>size</c> counts 512-byte sectors whatever the block size), or null where
    /// the file is gone. A file that does not hold a sector count (or one too large) is a named failure (<see cref="SectorCount"/>).
    /// </summary>
    public long? ReadSizeBytes(string block) =>
        SectorCount.ToBytes(_tree.ReadText($"block/{DeviceName.Require(block)}/size"), $"/sys/block/{block}/size");

    /// <summary>Whether <c>/sys/block/NAME</c> (or <c>/sys/class/block/NAME</c>) exists.</summary>
    public bool IsBlockDevice(string name) =>
        DeviceName.IsValid(name) && (_tree.Exists($"block/{name}") || _tree.Exists($"class/block/{name}"));

    /// <summary>The state of a SCSI disk's device (<c>running</c>, <c>offline</c>, <c>blocked</c>, …), or null.</summary>
    public string? ReadScsiState(string disk) => _tree.ReadText($"block/{DeviceName.Require(disk)}/device/state");

    /// <summary>The <c>device/wwid</c> text of a SCSI disk, or null.</summary>
    public string? ReadScsiWwidText(string disk) => _tree.ReadText($"block/{DeviceName.Require(disk)}/device/wwid");

    /// <summary>The raw VPD page 0x83 of a SCSI disk, or null.</summary>
    public byte[]? ReadVpdPage83(string disk) => _tree.ReadBytes($"block/{DeviceName.Require(disk)}/device/vpd_pg83");

    /// <summary>The devices stacked on a block device (<c>holders/</c>), valid names only.</summary>
    public IReadOnlyList<string> Holders(string block) =>
        [.. _tree.List($"block/{DeviceName.Require(block)}/holders").Where(DeviceName.IsValid)];

    /// <summary>The devices a device-mapper device sits on (<c>slaves/</c>), valid names only.</summary>
    public IReadOnlyList<string> Slaves(string dm) =>
        [.. _tree.List($"block/{DeviceName.Require(dm)}/slaves").Where(DeviceName.IsValid)];

    /// <summary>The device-mapper uuid (<c>mpath-3600…</c>, <c>CRYPT-LUKS2-…</c>), or null.</summary>
    public string? ReadDmUuid(string dm) => _tree.ReadText($"block/{DeviceName.Require(dm)}/dm/uuid");

    /// <summary>The device-mapper name (e.g. <c>mpatha</c>, <c>3600a…</c>, <c>crypt-vol</c>), or null.</summary>
    public string? ReadDmName(string dm) => _tree.ReadText($"block/{DeviceName.Require(dm)}/dm/name");

    /// <summary>A loop device's <c>loop/backing_file</c> (the file's path as the kernel knows it), or null.</summary>
    public string? ReadLoopBackingFile(string loop) => _tree.ReadText($"block/{RequireLoop(loop)}/loop/backing_file");

    /// <summary>A loop device's <c>loop/offset</c> or <c>loop/sizelimit</c> in bytes (0 where absent).</summary>
    public long ReadLoopBytes(string loop, string attribute)
    {
        if (attribute is not ("offset" or "sizelimit"))
            throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "offset or sizelimit");
        var text = _tree.ReadText($"block/{RequireLoop(loop)}/loop/{attribute}");
        return text is null ? 0
            : long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes) ? bytes
            : throw new Brick.Engine.Core.ExtendFailedException(Brick.Contracts.ResizeFailureReason.CommandFailed,
                $"/sys/block/{loop}/loop/{attribute} is not a number of bytes.", retriable: false);
    }

    /// <summary>Asks the SCSI layer to re-read a disk's capacity: writes <c>1</c> to <c>device/rescan</c>.</summary>
    public void RescanScsiDisk(string disk) => _tree.WriteExisting($"block/{DeviceName.Require(disk)}/device/rescan", "1");

    /// <summary>The NVMe controllers (<c>/sys/class/nvme/nvmeX</c>).</summary>
    public IReadOnlyList<string> NvmeControllers() => [.. _tree.List("class/nvme").Where(DeviceName.IsNvmeController)];

    /// <summary>An attribute of an NVMe controller (<c>subsysnqn</c>, <c>state</c>, <c>transport</c>, …), or null.</summary>
    public string? ReadNvmeControllerAttribute(string controller, NvmeControllerAttribute attribute) =>
        _tree.ReadText($"class/nvme/{RequireController(controller)}/{attribute.FileName}");

    /// <summary>The namespaces (or hidden multipath paths) under an NVMe controller.</summary>
    public IReadOnlyList<string> NvmeControllerNamespaces(string controller) =>
        [.. _tree.List($"class/nvme/{RequireController(controller)}").Where(DeviceName.IsNvmeNamespace)];

    /// <summary>An identity attribute (<c>uuid</c>, <c>nguid</c>, <c>wwid</c>) of a namespace under a controller, or null.</summary>
    public string? ReadNvmeNamespaceId(string controller, string ns, NvmeNamespaceId id) =>
        _tree.ReadText($"class/nvme/{RequireController(controller)}/{RequireNamespace(ns)}/{id.FileName}");

    /// <summary>The size in bytes of a namespace or hidden path under a controller, or null.</summary>
    public long? ReadNvmeNamespaceSizeBytes(string controller, string ns) =>
        SectorCount.ToBytes(_tree.ReadText($"class/nvme/{RequireController(controller)}/{RequireNamespace(ns)}/size"),
            $"/sys/class/nvme/{controller}/{ns}/size");

    /// <summary>An identity attribute of a block namespace <c>/sys/block/nvmeXnY</c>, or null.</summary>
    public string? ReadBlockNamespaceId(string ns, NvmeNamespaceId id) =>
        _tree.ReadText($"block/{RequireNamespace(ns)}/{id.FileName}");

    /// <summary>The NVMe namespaces visible in <c>/sys/block</c>.</summary>
    public IReadOnlyList<string> BlockNamespaces() => [.. _tree.List("block").Where(DeviceName.IsNvmeNamespace)];

    /// <summary>Asks an NVMe controller to rescan its namespaces: writes <c>1</c> to <c>rescan_controller</c>.</summary>
    public void RescanNvmeController(string controller) =>
        _tree.WriteExisting($"class/nvme/{RequireController(controller)}/rescan_controller", "1");

    private static string RequireLoop(string name) =>
        DeviceName.IsLoop(name) ? name : throw new PathEscapeException($"'{name}' is not a loop device name.");

    private static string RequireController(string name) =>
        DeviceName.IsNvmeController(name) ? name : throw new PathEscapeException($"'{name}' is not an NVMe controller name.");

    private static string RequireNamespace(string name) =>
        DeviceName.IsNvmeNamespace(name) ? name : throw new PathEscapeException($"'{name}' is not an NVMe namespace name.");
}
