namespace Brick.Simulation;

/// <summary>
/// The simulated kernel: watches the tree's <c>rescan</c> and <c>rescan_controller</c> attributes (what the engine
/// writes), and applies the array's capacity to the rescanned path as its <see cref="PathBehaviour"/> says — at once,
/// late, after a delay, or never; never on a path whose state is not <c>running</c>.
/// </summary>
internal sealed class SimulatedKernel : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(2);
    private readonly SimulatedHost _host;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _rescans;

    public SimulatedKernel(SimulatedHost host, TimeProvider clock)
    {
        _host = host;
        _clock = clock;
        _loop = Task.Run(RunAsync);
    }

    public int RescansSeen => _rescans;

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

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Tick);
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            try
            {
                Step();
            }
            catch (IOException)
            {
                // A file was being written by the engine or removed by the test; look again next tick.
            }
        }
    }

    private void Step()
    {
        var now = _clock.GetUtcNow();
        foreach (var path in _host.ScsiPaths)
        {
            if (TakeTrigger(Path.Combine(path.DeviceDir, "rescan")))
            {
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
                        case PathBehaviour.DelayedBehaviour delayed:
                            path.ApplyAt ??= now + delayed.Delay;
                            break;
                    }
                }

                _host.TakeRescanFault(path.Name)?.Invoke();
            }

            if (path.ApplyAt is { } at && at <= now)
            {
                path.ApplyAt = null;
                Apply(path);
            }
        }

        foreach (var controller in _host.Controllers)
        {
            var rescanned = TakeTrigger(Path.Combine(controller.Dir, "rescan_controller"));
            if (rescanned)
            {
                controller.Rescans++;
                Interlocked.Increment(ref _rescans);
                _host.TakeRescanFault(controller.Name)?.Invoke();
            }

            foreach (var ns in controller.Namespaces)
            {
                if ((rescanned || _host.NvmeAsyncEvents) && _host.ReadSize(ns.SizeFile) != ns.Lun.SizeBytes)
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
