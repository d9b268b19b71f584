namespace Brick.Engine.Core;

/// <summary>The engine's bounds. Every wait is bounded; defaults suit a production host.</summary>
public sealed record EngineOptions
{
    // One instance for every default, so that options equal by value stay equal (a record compares lists by reference).
    private static readonly IReadOnlyList<string> DefaultLocalDevicePatterns = ["/dev/loop*"];

    /// <summary>The limit on one whole operation.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The limit on one host command.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for the paths to agree and reach the requested size.</summary>
    public TimeSpan PathWaitTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The first pause between two size polls: the first five pauses of the path wait are this long, then each
    /// doubles up to <see cref="PollMaxDelay"/>. Short, because a SCSI
    /// rescan has usually updated the size by the time its write returns and an NVMe rescan within a millisecond or
    /// two: the first polls find it; a late kernel costs only a few more sysfs reads.
    /// </summary>
    public TimeSpan PollInitialDelay { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// The longest pause between two size polls. Sysfs gives no notice when a size changes, so the wait polls; 100 ms
    /// keeps a late kernel's new size seen within ~50 ms at the median (docs/performance.md) for a few reads a second.
    /// </summary>
    public TimeSpan PollMaxDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a lagging path is given before its rescan is issued again.</summary>
    public TimeSpan RescanReissueInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times a lagging path's rescan is issued again.</summary>
    public int MaxRescanReissues { get; init; } = 3;

    /// <summary>How long <c>multipathd</c> may keep answering <c>timeout</c> before the resize is given up.</summary>
    public TimeSpan MultipathTimeoutWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The first pause after a <c>timeout</c> reply; it doubles up to <see cref="MultipathRetryMaxDelay"/>.</summary>
    public TimeSpan MultipathRetryInitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest pause between two <c>multipathd resize map</c> calls.</summary>
    public TimeSpan MultipathRetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a map, NVMe head or crypt mapping may take to show its new size after its resize.</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many operations (of different volumes) run at once on this host.</summary>
    public int MaxConcurrentOperations { get; init; } = 4;

    /// <summary>How many rescans are written at once on this host.</summary>
    public int MaxConcurrentRescans { get; init; } = 16;

    /// <summary>Whether every iSCSI portal/IQN/LUN of the request must have a path present (FC never requires every WWPN).</summary>
    public bool RequireEveryListedPath { get; init; } = true;

    /// <summary>A directory of key files <c>NAME.key</c> for dm-crypt mappings, or null where the worker holds no keys.</summary>
    public string? CryptKeyDirectory { get; init; }

    /// <summary>
    /// How long a volume stays locked after its operation gave up on work that did not end (a rescan write the kernel
    /// has not returned from, a program that outlived its kill), waiting for that work to end; then it is released anyway.
    /// </summary>
    public TimeSpan AbandonedWorkHoldLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Glob patterns (<c>*</c>, <c>?</c>; neither matches <c>/</c>) of the <c>/dev</c> paths a <c>local</c> request may
    /// name: its <c>device_path</c> as given, or the device it leads to, must match one. Anything else is <c>InvalidRequest</c>.
    /// </summary>
    public IReadOnlyList<string> LocalDevicePatterns { get; init; } = DefaultLocalDevicePatterns;

    /// <summary>Whether every iSCSI and Fibre Channel request must name its WWID (<c>scsi_wwn</c> or <c>multipath_id</c>).</summary>
    public bool RequireWwid { get; init; }

    /// <summary>
    /// The directory of the host-wide lock files shared by every <c>brick-worker</c> process (<c>run</c>, <c>extend</c>),
    /// or null for the default: <c>/run/brick-worker</c> on the real <c>/dev</c>, <c>ROOT/run/brick-worker</c> beside a
    /// simulated tree's <c>dev</c>.
    /// </summary>
    public string? LockDirectory { get; init; }

    /// <summary>
    /// The socket multipathd is asked on (<c>resize map</c>, <c>add path</c>): a path, or an abstract name with a leading
    /// <c>@</c>; <c>off</c>: never, the <c>multipathd</c> program always; null for the default: multipathd's own
    /// <c>@/org/kernel/linux/storage/multipathd</c> on the real <c>/dev</c>, <c>ROOT/run/multipathd.socket</c> beside a
    /// simulated tree's <c>dev</c>. Where no one listens on it, the program is started instead.
    /// </summary>
    public string? MultipathdSocket { get; init; }
}
