namespace Brick.Engine.Operations;

/// <summary>One operation per volume at a time, and at most a fixed number of operations on the host.</summary>
internal sealed class VolumeLocks(int maxConcurrentOperations)
{
    private readonly Dictionary<string, (SemaphoreSlim Gate, int Users)> _volumes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _operationSlots = new(maxConcurrentOperations, maxConcurrentOperations);

    /// <summary>Waits for the volume's turn, then for a host slot; dispose the lease to release both.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(string volumeId, CancellationToken cancellationToken)
    {
        SemaphoreSlim gate;
        lock (_volumes)
        {
            var entry = _volumes.TryGetValue(volumeId, out var found) ? found : (new SemaphoreSlim(1, 1), 0);
            _volumes[volumeId] = (entry.Item1, entry.Item2 + 1);
            gate = entry.Item1;
        }

        try
        {
            await gate.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(volumeId);
            throw;
        }

        try
        {
            await _operationSlots.WaitAsync(cancellationToken);
        }
        catch
        {
            gate.Release();
            Leave(volumeId);
            throw;
        }

        return new Lease(this, volumeId, gate);
    }

    private void Leave(string volumeId)
    {
        lock (_volumes)
        {
            var (gate, users) = _volumes[volumeId];
            if (users == 1)
            {
                _volumes.Remove(volumeId);
                gate.Dispose();
            }
            else
            {
                _volumes[volumeId] = (gate, users - 1);
            }
        }
    }

    private sealed class Lease(VolumeLocks owner, string volumeId, SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner._operationSlots.Release();
                gate.Release();
                owner.Leave(volumeId);
            }

            return ValueTask.CompletedTask;
        }
    }
}
