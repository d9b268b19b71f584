namespace Brick.Simulation.Devices;

/// <summary>A simulated SCSI path device <c>sdX</c> of a LUN.</summary>
public sealed class SimulatedScsiPath
{
    internal SimulatedScsiPath(string name, SimulatedLun lun, int lunNumber, string blockDir, string deviceDir, string byPathEntry)
    {
        Name = name;
        LunNumber = lunNumber;
        Lun = lun;
        BlockDir = blockDir;
        DeviceDir = deviceDir;
        ByPathEntry = byPathEntry;
    }

    /// <summary>The kernel name, e.g. <c>sdc</c>.</summary>
    public string Name { get; }

    /// <summary>The LUN it leads to.</summary>
    public SimulatedLun Lun { get; }

    /// <summary>How the kernel treats its rescans.</summary>
    public PathBehaviour Behaviour { get; set; } = PathBehaviour.Prompt;

    /// <summary>How many rescans were written to it.</summary>
    public int Rescans { get; internal set; }

    /// <summary>The LUN number on its target.</summary>
    public int LunNumber { get; }

    /// <summary>The <c>/dev/disk/by-path</c> entry that leads to it.</summary>
    public string ByPathEntry { get; }

    internal string BlockDir { get; }

    internal string DeviceDir { get; }

    internal DateTimeOffset? ApplyAt { get; set; }
}

/// <summary>A simulated dm-multipath map over SCSI or NVMe paths; its slaves change as paths leave and join.</summary>
internal sealed class SimulatedMap(string name, string wwid, IEnumerable<string> slaves, string sizeFile)
{
    private readonly List<string> _slaves = [.. slaves];

    /// <summary>The map's kernel name, e.g. <c>dm-0</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The WWID it maps.</summary>
    public string Wwid { get; } = wwid;

    /// <summary>The paths in the map now.</summary>
    public IReadOnlyList<string> Slaves { get { lock (_slaves) return [.. _slaves]; } }

    internal string SizeFile { get; } = sizeFile;

    internal void Remove(string path)
    {
        lock (_slaves)
            _slaves.Remove(path);
    }

    internal void Add(string path)
    {
        lock (_slaves)
            _slaves.Add(path);
    }
}

/// <summary>A simulated NVMe controller and the namespace paths under it.</summary>
internal sealed class SimulatedNvmeController
{
    internal SimulatedNvmeController(string name, string dir, string nqn) => (Name, Dir, Nqn) = (name, dir, nqn);

    /// <summary>The controller's name, e.g. <c>nvme0</c>.</summary>
    public string Name { get; }

    /// <summary>The subsystem NQN.</summary>
    public string Nqn { get; }

    /// <summary>How many rescans were written to it.</summary>
    public int Rescans { get; internal set; }

    internal string Dir { get; }

    internal List<(string Name, string SizeFile, SimulatedLun Lun)> Namespaces { get; } = [];
}

/// <summary>A simulated dm-crypt mapping: its device, its name and the device below it.</summary>
internal sealed record SimulatedCrypt(string Device, string Name, string Base, long OffsetBytes, bool RequiresKey, string SizeFile);

/// <summary>A simulated loop device over a backing file the test can grow.</summary>
internal sealed record SimulatedLoop(string Name, SimulatedLun Backing, string SizeFile);
