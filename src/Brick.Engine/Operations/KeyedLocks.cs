namespace Brick.Engine.Operations;

/// <summary>
/// One holder at a time per key, in this process: an async lock for each name in use, made on first use and dropped
/// when its last user leaves. Keys are compared with the comparer given (volume ids case-insensitively, kernel names
/// exactly).
/// </summary>
internal sealed class KeyedLocks(StringComparer comparer)
{
    private readonly Dictionary<string, (SemaphoreSlim Gate, int Users)> _keys = new(comparer);

    /// <summary>Waits for <paramref name="key"/>'s turn; dispose the lease to release it.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        SemaphoreSlim gate;
        lock (_keys)
        {
            var entry = _keys.TryGetValue(key, out var found) ? found : (new SemaphoreSlim(1, 1), 0);
            _keys[key] = (entry.Item1, entry.Item2 + 1);
            gate = entry.Item1;
        }

        try
        {
            await gate.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(key);
            throw;
        }

        return new Lease(this, key, gate);
    }

    /// <summary>How many keys are in use now (held or waited for).</summary>
    public int Count
    {
        get
        {
            lock (_keys)
                return _keys.Count;
        }
    }

    private void Leave(string key)
    {
        lock (_keys)
        {
            var (gate, users) = _keys[key];
            if (users == 1)
            {
                _keys.Remove(key);
                gate.Dispose();
            }
            else
            {
                _keys[key] = (gate, users - 1);
            }
        }
    }

    private sealed class Lease(KeyedLocks owner, string key, SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate.Release();
                owner.Leave(key);
            }

            return ValueTask.CompletedTask;
        }
    }
}
