using Brick.Engine.Discovery;

namespace Brick.Engine.Operations;

/// <summary>
/// The locks an operation holds on the host: its volume's (taken first), then, once discovery has found them, every
/// device it may touch (paths, NVMe head, map, crypt mapping), so that two volume ids that resolve to one map never
/// run <c>multipathd</c> on it at once. Each lock is held in this process (<see cref="KeyedLocks"/>) and across
/// processes (<see cref="HostLockFiles"/>). Devices are taken in ordinal order of their names, in-process lock before
/// file for each, and only after the volume: every holder takes them in one order, so no two can wait on each other.
/// </summary>
internal sealed class OperationLocks(HostLockFiles files)
{
    private readonly KeyedLocks _devices = new(StringComparer.Ordinal);

    /// <summary>The host file of the volume (this process already runs one operation per volume at a time).</summary>
    public async Task<IAsyncDisposable> VolumeAsync(string volumeId, CancellationToken cancellationToken) =>
        new Held([], [await files.AcquireAsync(VolumeKey.LockName(volumeId), cancellationToken)]);

    /// <summary>Every device of <paramref name="devices"/>, in order.</summary>
    public async Task<IAsyncDisposable> DevicesAsync(VolumeDevices devices, CancellationToken cancellationToken)
    {
        var names = devices.Paths.Select(p => p.Name)
            .Concat(new[] { devices.NvmeHead, devices.Map, devices.Crypt?.Device }.OfType<string>())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var inProcess = new List<IAsyncDisposable>();
        var held = new List<IDisposable>();
        try
        {
            foreach (var name in names)
            {
                inProcess.Add(await _devices.AcquireAsync(name, cancellationToken));
                held.Add(await files.AcquireAsync("device-" + name, cancellationToken));
            }
        }
        catch
        {
            await new Held(inProcess, held).DisposeAsync();
            throw;
        }

        return new Held(inProcess, held);
    }

    /// <summary>Device names locked or waited for in this process now (for tests).</summary>
    internal int DevicesInUse => _devices.Count;

    private sealed class Held(List<IAsyncDisposable> inProcess, List<IDisposable> files) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // Released in the reverse order of taking: each file before its in-process lock.
            for (var i = Math.Max(inProcess.Count, files.Count) - 1; i >= 0; i--)
            {
                if (i < files.Count)
                    files[i].Dispose();
                if (i < inProcess.Count)
                    await inProcess[i].DisposeAsync();
            }
        }
    }
}
