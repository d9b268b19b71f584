using Brick.Simulation.Devices;
using Brick.Simulation.Files;

namespace Brick.Simulation.Hosts;

/// <summary>
/// The simulated kernel: watches the tree's <c>rescan</c> and <c>rescan_controller</c> attributes (what the engine
/// writes), and applies the array's capacity to the rescanned path as its <see cref="PathBehaviour"/> says — at once,
/// late, after a delay, or never; never on a path whose state is not <c>running</c>. Event-driven: inotify tells it
/// which attribute was written, so a write is seen within microseconds and the cost does not grow with the number of
/// devices; a full look at every attribute runs once a second as a safety net (and every 2 ms where inotify is
/// missing, as before). Idle (nothing delayed, no NVMe async events, no attribute waiting to be watched again) it
/// sleeps until that full look is due, and the host wakes it when it adds a SCSI path or an NVMe controller
/// (<see cref="Wake"/>): it used to wake every 10 ms to look for new devices, 3.4 % of a core in an idle
/// <c>brick-worker run --simulate</c>. It runs on a thread of its own: a real kernel applies a rescan within the write, so the
/// simulated one must not queue behind the worker's work on the thread pool (under a storm it lagged by tens of ms).
/// </summary>
internal sealed class SimulatedKernel : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(10);
    private readonly TimeSpan _fullScanInterval;
    private readonly SimulatedHost _host;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly InotifyWatch? _watch;
    private readonly Dictionary<int, object> _watched = [];
    private readonly HashSet<object> _watchedTargets = [];
    private readonly List<SimulatedScsiPath> _delayed = [];
    private readonly Task _loop;
    private int _knownTriggers = -1;
    private bool _resync;
    private int _rescans;
    private long _wakeups;

    /// <param name="host">The host whose tree it watches.</param>
    /// <param name="clock">The clock of its full look and of delayed paths.</param>
    /// <param name="fullScanInterval">How often it looks at every attribute (<see cref="FullLookInterval"/>): how long it sleeps when idle and not woken.</param>
    public SimulatedKernel(SimulatedHost host, TimeProvider clock, TimeSpan fullScanInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(fullScanInterval, TimeSpan.Zero);
        _host = host;
        _clock = clock;
        _fullScanInterval = fullScanInterval;
        _watch = InotifyWatch.TryCreate(host.Tree.Path("kernel.wake"));
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>How often the kernel of a host looks at every attribute, a safety net under inotify.</summary>
    public static TimeSpan FullLookInterval { get; } = TimeSpan.FromSeconds(1);

    public int RescansSeen => _rescans;

    /// <summary>How many times the loop has woken (a wait that ended, signalled or timed out).</summary>
    public long Wakeups => Interlocked.Read(ref _wakeups);

    /// <summary>Wakes the loop to watch devices the host has just added (their attributes may be written at once).</summary>
    public void Wake()
    {
        try
        {
            if (_watch is { Signal.CurrentCount: 0 })
                _watch.Signal.Release();
        }
        catch (ObjectDisposedException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _watch?.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        var lastFullScan = _clock.GetTimestamp();
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (_watch is null)
                {
                    if (_stop.Token.WaitHandle.WaitOne(Tick))
                        return;
                    FullScan();
                    continue;
                }

                var wait = _host.NvmeAsyncEvents || _delayed.Count > 0 ? Tick
                    : _resync ? LongestWait
                    : _fullScanInterval - _clock.GetElapsedTime(lastFullScan);
                if (wait > TimeSpan.Zero)
                    _watch.Signal.Wait(Clamp(wait), _stop.Token);
                Interlocked.Increment(ref _wakeups);
                if (_resync || _host.TriggerCount != _knownTriggers)
                    WatchNewTriggers();
                while (_watch.Events.TryDequeue(out var written))
                {
                    if (written.Gone)
                    {
                        // The attribute was replaced (a test blocks or frees its rescans): watch the new file.
                        if (_watched.Remove(written.Watch, out var gone))
                            _watchedTargets.Remove(gone);
                        _resync = true;
                    }
                    else if (_watched.TryGetValue(written.Watch, out var target))
                        Rescanned(target);
                }

                ApplyDue();
                if (_host.NvmeAsyncEvents)
                    NamespacesPickUpGrowth();
                if (_clock.GetElapsedTime(lastFullScan) >= _fullScanInterval)
                {
                    lastFullScan = _clock.GetTimestamp();
                    FullScan();
                }
            }
            catch (IOException)
            {
                // A file was being written by the engine or removed by the test; look again next time.
            }
        }
    }

    /// <summary>A wait of at least 1 ms and at most the full look's interval (a test's clock may stand still or jump).</summary>
    private TimeSpan Clamp(TimeSpan wait) =>
        wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait > _fullScanInterval ? _fullScanInterval : wait;

    /// <summary>Watches every SCSI path and controller not watched yet, and takes a write made before its watch began.</summary>
    private void WatchNewTriggers()
    {
        _resync = false;
        var paths = _host.ScsiPaths;
        var controllers = _host.Controllers;
        _knownTriggers = paths.Count + controllers.Count;
        var present = new HashSet<object>(paths.Cast<object>().Concat(controllers));
        _watchedTargets.RemoveWhere(t => !present.Contains(t));
        foreach (var (watch, target) in _watched.Where(w => !present.Contains(w.Value)).ToList())
            _watched.Remove(watch);
        foreach (var target in present.Where(t => !_watchedTargets.Contains(t)))
        {
            // A blocked path's attribute is a FIFO that outlives its name (held open): it is watched once it is a file again.
            var watch = target is SimulatedScsiPath { Name: var name } && _host.RescansBlocked(name)
                ? -1
                : _watch!.Add(_host.Tree.Path(TriggerOf(target)));
            if (watch >= 0)
            {
                _watched[watch] = target;
                _watchedTargets.Add(target);
            }
            else
            {
                _resync = true;
            }

            Rescanned(target);
        }
    }

    private static string TriggerOf(object target) => target switch
    {
        SimulatedScsiPath path => Path.Combine(path.DeviceDir, "rescan"),
        SimulatedNvmeController controller => Path.Combine(controller.Dir, "rescan_controller"),
        _ => throw new ArgumentException($"Not a trigger: {target}", nameof(target)),
    };

    private void Rescanned(object target)
    {
        switch (target)
        {
            case SimulatedScsiPath path:
                ScsiRescanned(path, _clock.GetUtcNow());
                break;
            case SimulatedNvmeController controller:
                ControllerRescanned(controller);
                break;
        }
    }

    private void FullScan()
    {
        var now = _clock.GetUtcNow();
        foreach (var path in _host.ScsiPaths)
            ScsiRescanned(path, now);
        ApplyDue();
        foreach (var controller in _host.Controllers)
            ControllerRescanned(controller);
        if (_host.NvmeAsyncEvents)
            NamespacesPickUpGrowth();
    }

    private void ScsiRescanned(SimulatedScsiPath path, DateTimeOffset now)
    {
        if (!TakeTrigger(Path.Combine(path.DeviceDir, "rescan")))
            return;
        path.Rescans++;
        Interlocked.Increment(ref _rescans);
        if (IsRunning(path))
        {
            switch (path.Behaviour)
            {
                case PathBehaviour.PromptBehaviour:
                case PathBehaviour.LateBehaviour late when path.Rescans > late.Rescans:
                    Apply(path);
                    break;
                case PathBehaviour.DelayedBehaviour delayed when path.ApplyAt is null:
                    path.ApplyAt = now + delayed.Delay;
                    _delayed.Add(path);
                    break;
            }
        }

        _host.TakeRescanFault(path.Name)?.Invoke();
    }

    private void ApplyDue()
    {
        if (_delayed.Count == 0)
            return;
        var now = _clock.GetUtcNow();
        foreach (var path in _delayed.Where(p => p.ApplyAt is { } at && at <= now).ToList())
        {
            path.ApplyAt = null;
            _delayed.Remove(path);
            Apply(path);
        }
    }

    private void ControllerRescanned(SimulatedNvmeController controller)
    {
        if (!TakeTrigger(Path.Combine(controller.Dir, "rescan_controller")))
            return;
        controller.Rescans++;
        Interlocked.Increment(ref _rescans);
        foreach (var ns in controller.Namespaces)
        {
            if (_host.ReadSize(ns.SizeFile) != ns.Lun.SizeBytes)
                ApplyNamespace(ns.SizeFile, ns.Lun);
        }

        _host.TakeRescanFault(controller.Name)?.Invoke();
    }

    private void NamespacesPickUpGrowth()
    {
        foreach (var controller in _host.Controllers)
        {
            foreach (var ns in controller.Namespaces)
            {
                if (_host.ReadSize(ns.SizeFile) != ns.Lun.SizeBytes)
                    ApplyNamespace(ns.SizeFile, ns.Lun);
            }
        }
    }

    private void Apply(SimulatedScsiPath path) => _host.WriteSize(Path.Combine(path.BlockDir, "size"), path.Lun.SizeBytes);

    private void ApplyNamespace(string sizeFile, SimulatedLun lun)
    {
        _host.WriteSize(sizeFile, lun.SizeBytes);
        var headDir = Path.GetDirectoryName(sizeFile)!;
        var name = Path.GetFileName(headDir);
        var c = name.IndexOf('c', StringComparison.Ordinal);
        if (c > 0)
        {
            var head = name[..c] + name[name.LastIndexOf('n')..];
            _host.WriteSize($"sys/block/{head}/size", lun.SizeBytes);
        }
    }

    private bool IsRunning(SimulatedScsiPath path) =>
        File.ReadAllText(_host.Tree.Path(Path.Combine(path.DeviceDir, "state"))).Trim() == "running";

    /// <summary>Reads and clears a write-only trigger attribute; true when something was written to it.</summary>
    private bool TakeTrigger(string relative)
    {
        var file = _host.Tree.Path(relative);
        if (!File.Exists(file) || new FileInfo(file).Length == 0)
            return false;
        File.WriteAllText(file, "");
        return true;
    }
}
