using Brick.Engine.Core;
using Brick.Engine.Kernel;
using Brick.Engine.Programs;

namespace Brick.Service.Settings;

/// <summary>
/// The engine's settings, for every command that works on this host: its roots and programs, its key files, lock
/// directory and multipathd socket, its time limits, which local devices and WWIDs requests must name, and whether the
/// host is simulated. Each default is the engine's own (<see cref="EngineOptions"/>, <see cref="ProgramPaths"/>,
/// <see cref="KernelRoots"/>). Bound from the <c>Brick</c> section; checked by <see cref="EngineSettingsValidator"/>.
/// </summary>
public sealed class EngineSettings
{
    private static readonly EngineOptions EngineDefaults = new();
    private static readonly ProgramPaths ProgramDefaults = new();

    /// <summary>
    /// Whether <c>brick-worker run</c> works on a simulated host instead of this machine's devices (for control planes'
    /// own tests). The service's composition never reads it: the executable plugs the simulated host in.
    /// </summary>
    public bool Simulate { get; set; }

    /// <summary>The directory that stands for <c>/sys</c>.</summary>
    public string SysRoot { get; set; } = KernelRoots.Real.SysRoot;

    /// <summary>The directory that stands for <c>/dev</c>.</summary>
    public string DevRoot { get; set; } = KernelRoots.Real.DevRoot;

    /// <summary>The <c>multipathd</c> program.</summary>
    public string Multipathd { get; set; } = ProgramDefaults.Multipathd;

    /// <summary>The <c>cryptsetup</c> program.</summary>
    public string Cryptsetup { get; set; } = ProgramDefaults.Cryptsetup;

    /// <summary>The <c>losetup</c> program.</summary>
    public string Losetup { get; set; } = ProgramDefaults.Losetup;

    /// <summary>A directory of key files <c>NAME.key</c> for dm-crypt mappings, or null where the worker holds no keys.</summary>
    public string? CryptKeyDirectory { get; set; } = EngineDefaults.CryptKeyDirectory;

    /// <summary>The limit on one whole operation on the host.</summary>
    public TimeSpan OperationTimeout { get; set; } = EngineDefaults.OperationTimeout;

    /// <summary>How long the paths may take to reach the requested size within one try.</summary>
    public TimeSpan PathWaitTimeout { get; set; } = EngineDefaults.PathWaitTimeout;

    /// <summary>
    /// Glob patterns of the <c>/dev</c> paths a <c>local</c> request may name (<c>*</c> and <c>?</c>, neither matching
    /// <c>/</c>): its <c>device_path</c> or the device it leads to must match one, else the request is <c>InvalidRequest</c>.
    /// </summary>
    public IReadOnlyList<string> LocalDevicePatterns { get; set; } = EngineDefaults.LocalDevicePatterns;

    /// <summary>Whether every iSCSI and Fibre Channel request must name its WWID (else <c>InvalidRequest</c>, nothing run).</summary>
    public bool RequireWwid { get; set; } = EngineDefaults.RequireWwid;

    /// <summary>The directory of the host lock files that <c>run</c> and <c>extend</c> share; unset: the engine's default.</summary>
    public string? LockDirectory { get; set; } = EngineDefaults.LockDirectory;

    /// <summary>
    /// The socket multipathd is asked on: a path, <c>@name</c> for an abstract name, <c>off</c> for the program always;
    /// unset: the engine's default (multipathd's own abstract socket on the real <c>/dev</c>).
    /// </summary>
    public string? MultipathdSocket { get; set; } = EngineDefaults.MultipathdSocket;

    /// <summary>The engine's roots.</summary>
    internal KernelRoots Roots() => new(SysRoot, DevRoot);

    /// <summary>The programs the engine runs.</summary>
    internal ProgramPaths Programs() => new(Multipathd, Cryptsetup, Losetup);

    /// <summary>The engine's bounds: these settings over the engine's own defaults, at most <paramref name="maxConcurrentOperations"/> operations at once (<c>MaxConcurrency</c>).</summary>
    internal EngineOptions Engine(int maxConcurrentOperations) => EngineDefaults with
    {
        OperationTimeout = OperationTimeout,
        PathWaitTimeout = PathWaitTimeout,
        MaxConcurrentOperations = maxConcurrentOperations,
        CryptKeyDirectory = string.IsNullOrEmpty(CryptKeyDirectory) ? null : CryptKeyDirectory,
        LocalDevicePatterns = LocalDevicePatterns,
        RequireWwid = RequireWwid,
        LockDirectory = string.IsNullOrEmpty(LockDirectory) ? null : LockDirectory,
        MultipathdSocket = string.IsNullOrEmpty(MultipathdSocket) ? null : MultipathdSocket,
    };
}
