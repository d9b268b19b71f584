namespace Brick.Engine.Operations;

/// <summary>
/// The locks one operation has taken (its volume's host lock file, then its devices'), released together, last taken
/// first. They are not released as the steps end but by the operation's end, through <see cref="AbandonedWorkHold"/>:
/// where the operation abandoned work, they stay held until that work has ended.
/// </summary>
internal sealed class HeldLocks : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _held = [];

    /// <summary>Keeps <paramref name="lease"/> until the operation's locks are released.</summary>
    public void Keep(IAsyncDisposable lease)
    {
        lock (_held)
            _held.Add(lease);
    }

    /// <summary>Releases every lock kept, last taken first; later calls find none left.</summary>
    public async ValueTask DisposeAsync()
    {
        while (true)
        {
            IAsyncDisposable lease;
            lock (_held)
            {
                if (_held.Count == 0)
                    return;
                lease = _held[^1];
                _held.RemoveAt(_held.Count - 1);
            }

            await lease.DisposeAsync();
        }
    }
}
