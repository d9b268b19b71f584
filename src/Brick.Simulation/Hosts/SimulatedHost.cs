using System.Globalization;
using Brick.Engine.Kernel;
using Brick.Engine.Programs;
using Brick.Simulation.Devices;
using Brick.Simulation.Files;
using Brick.Simulation.Multipathd;

namespace Brick.Simulation.Hosts;

/// <summary>
/// A storage host made of files: a sysfs and /dev tree in a directory, laid out as the kernel and udev lay them out
/// (real links, real attribute files), an array whose LUNs grow, a kernel that applies a capacity change when a path
/// is rescanned, and <c>multipathd</c>, <c>cryptsetup</c> and <c>losetup</c> answered in-process (<see cref="Commands"/>;
/// tests that start real processes add stand-in executables, Brick.Simulation.StandIns). The production engine runs
/// against it unchanged.
/// </summary>
public sealed partial class SimulatedHost : IAsyncDisposable
{
    private readonly TreeWriter _tree;
    private readonly bool _ownsDirectory;
    private readonly Random _random = new(7);
    private readonly List<SimulatedScsiPath> _scsiPaths = [];
    private readonly List<SimulatedMap> _maps = [];
    private readonly List<SimulatedNvmeController> _controllers = [];
    private readonly List<SimulatedLoop> _loops = [];
    private readonly List<SimulatedCrypt> _crypts = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _blockDirs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimulatedScsiPath> _removedPaths = new(StringComparer.Ordinal);
    private readonly SimulatedKernel _kernel;
    private readonly List<IAsyncDisposable> _disposeWith = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<ProgramCall> _programCalls = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<ProgramCall> _socketCalls = new();
    private int _nextScsiHost = 6;
    private int _nextSession = 1;
    private int _nextDisk;
    private int _nextDm;
    private int _nextLoop;
    private int _nextController;
    private int _nextSubsystem;

    private SimulatedHost(string directory, bool ownsDirectory, TimeProvider clock, TimeSpan fullLookInterval)
    {
        _tree = new TreeWriter(directory);
        _ownsDirectory = ownsDirectory;
        foreach (var dir in new[] { "sys/block", "sys/class/block", "sys/class/nvme", "dev/disk/by-path", "dev/disk/by-id", "dev/mapper" })
            _tree.Dir(dir);
        Multipathd = new MultipathdScript();
        _kernel = new SimulatedKernel(this, clock, fullLookInterval);
    }

    /// <summary>Creates an empty host in <paramref name="directory"/> (or a new temp folder, removed on dispose) and starts its kernel.</summary>
    public static SimulatedHost Create(string? directory = null, TimeProvider? clock = null) =>
        Create(directory, clock, SimulatedKernel.FullLookInterval);

    /// <summary>A host whose idle kernel takes its full look every <paramref name="fullLookInterval"/> (for the tests of its wake-up).</summary>
    internal static SimulatedHost Create(string? directory, TimeProvider? clock, TimeSpan fullLookInterval)
    {
        var owns = directory is null;
        directory ??= System.IO.Directory.CreateTempSubdirectory("brick-sim-").FullName;
        return new SimulatedHost(Path.GetFullPath(directory), owns, clock ?? TimeProvider.System, fullLookInterval);
    }

    /// <summary>The folder that holds <c>sys/</c> and <c>dev/</c>.</summary>
    public string Directory => _tree.Root;

    /// <summary>The roots to give the engine.</summary>
    public KernelRoots Roots => new(Path.Combine(_tree.Root, "sys"), Path.Combine(_tree.Root, "dev"));

    /// <summary>The program names the simulated commands answer to in-process, through <see cref="CreateCommandRunner"/>.</summary>
    public static ProgramPaths Commands { get; } = new("sim:multipathd", "sim:cryptsetup", "sim:losetup");

    /// <summary>Disposes <paramref name="other"/> (e.g. the tests' stand-in executables) when the host is disposed, after its kernel.</summary>
    internal void DisposeWith(IAsyncDisposable other)
    {
        lock (_disposeWith)
            _disposeWith.Add(other);
    }

    /// <summary>Every call the simulated programs answered, in-process or through stand-in executables, in order.</summary>
    public IReadOnlyList<ProgramCall> ProgramCalls => [.. _programCalls];

    /// <summary>Every command the simulated multipathd answered on its socket (<see cref="ServeMultipathdSocket"/>), in order.</summary>
    public IReadOnlyList<ProgramCall> SocketCalls => [.. _socketCalls];

    /// <summary>
    /// Serves the simulated multipathd on a Unix socket at <paramref name="path"/>, by default where the engine looks
    /// beside this tree (<c>ROOT/run/multipathd.socket</c>, <see cref="Brick.Engine.Multipath.MultipathdSocketNames.DefaultFor"/>),
    /// with the same answers and script as the program; until the returned handle or the host is disposed.
    /// </summary>
    public IAsyncDisposable ServeMultipathdSocket(string? path = null)
    {
        var socket = new SimulatedMultipathdSocket(this, path ?? Brick.Engine.Multipath.MultipathdSocketNames.DefaultFor(Roots));
        DisposeWith(socket);
        return socket;
    }

    /// <summary>
    /// How long every simulated program takes before it answers (a host under load); <see cref="Timeout.InfiniteTimeSpan"/>:
    /// it never answers, until it is killed.
    /// </summary>
    public TimeSpan ProgramLatency { get; set; }

    /// <summary>The replies the simulated <c>multipathd</c> gives, in order, before it behaves as the real one.</summary>
    public MultipathdScript Multipathd { get; }

    /// <summary>Whether NVMe namespaces pick up a capacity change by themselves (an AEN), as Linux does.</summary>
    public bool NvmeAsyncEvents { get; set; }

    /// <summary>A command runner that answers the simulated programs and passes any other to <paramref name="fallback"/>.</summary>
    public SimulatedCommandRunner CreateCommandRunner(ICommandRunner? fallback = null) => new(this, fallback);

    /// <summary>The size a block device shows now, read from the tree.</summary>
    public long SizeOf(string device) => ReadSize(_blockDirs[device]);

    /// <summary>How many rescans were written, over all SCSI paths and NVMe controllers.</summary>
    public int RescansWritten => _kernel.RescansSeen;

    /// <summary>
    /// How many times the simulated kernel's loop has woken: idle, about once a second (its full look); it measures
    /// what the simulation itself costs a process that hosts it.
    /// </summary>
    internal long KernelWakeups => _kernel.Wakeups;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        ReleaseBlockedRescans();
        await _kernel.DisposeAsync();
        IAsyncDisposable[] others;
        lock (_disposeWith)
            others = [.. _disposeWith];
        foreach (var other in others)
            await other.DisposeAsync();
        if (_ownsDirectory && System.IO.Directory.Exists(_tree.Root))
            System.IO.Directory.Delete(_tree.Root, recursive: true);
    }

    // The kernel loop and the simulated programs read these lists while a test adds devices: they hand out copies.
    internal IReadOnlyList<SimulatedScsiPath> ScsiPaths { get { lock (_scsiPaths) return [.. _scsiPaths]; } }

    internal IReadOnlyList<SimulatedNvmeController> Controllers { get { lock (_controllers) return [.. _controllers]; } }

    /// <summary>How many SCSI paths and NVMe controllers there are now, without copying them (the kernel's cue to watch new ones).</summary>
    internal int TriggerCount
    {
        get
        {
            lock (_scsiPaths)
            {
                lock (_controllers)
                    return _scsiPaths.Count + _controllers.Count;
            }
        }
    }

    internal IReadOnlyList<SimulatedMap> Maps { get { lock (_maps) return [.. _maps]; } }

    internal IReadOnlyList<SimulatedCrypt> Crypts { get { lock (_crypts) return [.. _crypts]; } }

    internal IReadOnlyList<SimulatedLoop> Loops { get { lock (_loops) return [.. _loops]; } }

    internal TreeWriter Tree => _tree;

    internal void Record(ProgramCall call) => _programCalls.Enqueue(call);

    internal void RecordSocketCall(ProgramCall call) => _socketCalls.Enqueue(call);

    internal long ReadSize(string blockDirOrSizeFile)
    {
        var file = blockDirOrSizeFile.EndsWith("/size", StringComparison.Ordinal) ? blockDirOrSizeFile : blockDirOrSizeFile + "/size";
        return long.Parse(File.ReadAllText(_tree.Path(file)).Trim(), CultureInfo.InvariantCulture) * 512;
    }

    /// <summary>Replaces a size attribute in one step, as sysfs attributes change: a reader never sees it half-written.</summary>
    internal void WriteSize(string sizeFile, long bytes) => _tree.ReplaceFile(sizeFile, TreeWriter.Sectors(bytes));

    private void AddBlock(string name, string dir, long sizeBytes)
    {
        _tree.File($"{dir}/size", TreeWriter.Sectors(sizeBytes));
        _tree.Dir($"{dir}/holders");
        _tree.Dir($"{dir}/slaves");
        _tree.Link($"sys/block/{name}", dir);
        _tree.Link($"sys/class/block/{name}", dir);
        _tree.File($"dev/{name}", "");
        _blockDirs[name] = dir;
    }

    /// <summary>Stacks <paramref name="upper"/> on <paramref name="lower"/>: <c>lower/holders/upper</c> and <c>upper/slaves/lower</c>.</summary>
    private void Stack(string lower, string upper)
    {
        _tree.Link($"{_blockDirs[lower]}/holders/{upper}", _blockDirs[upper]);
        _tree.Link($"{_blockDirs[upper]}/slaves/{lower}", _blockDirs[lower]);
    }

    private string NextDiskName()
    {
        var n = _nextDisk++;
        var name = "";
        do
        {
            name = (char)('a' + (n % 26)) + name;
            n = (n / 26) - 1;
        }
        while (n >= 0);
        return "sd" + name;
    }

    private string NewWwid() => "36001405" + Convert.ToHexStringLower(BitConverter.GetBytes(_random.NextInt64())) + $"{_random.Next():x8}"[..8];
}
