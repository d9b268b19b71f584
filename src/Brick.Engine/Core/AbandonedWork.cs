namespace Brick.Engine.Core;

/// <summary>
/// Work an operation stopped waiting for although it may still touch the volume: a rescan write the kernel has not
/// returned from, a program that did not exit when it was killed. The operation ends on time with its reason; its
/// volume stays locked until this work ends (or <see cref="EngineOptions.AbandonedWorkHoldLimit"/>), so that a next
/// operation on the volume does not act while it is still in flight. One per operation, reachable as
/// <see cref="Current"/> from every step of it (the steps are shared by all operations of a host).
/// </summary>
internal sealed class AbandonedWork
{
    private static readonly AsyncLocal<AbandonedWork?> Ambient = new();
    private readonly List<(string What, Task Done)> _items = [];

    /// <summary>The running operation's, or null outside an operation.</summary>
    public static AbandonedWork? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    /// <summary>Records <paramref name="done"/>, which ends when <paramref name="what"/> has ended.</summary>
    public void Add(string what, Task done)
    {
        lock (_items)
            _items.Add((what, done));
    }

    /// <summary>What is still in flight now.</summary>
    public IReadOnlyList<string> Pending
    {
        get
        {
            lock (_items)
                return [.. _items.Where(i => !i.Done.IsCompleted).Select(i => i.What)];
        }
    }

    /// <summary>Waits until everything recorded has ended (true) or <paramref name="limit"/> has passed (false).</summary>
    public async Task<bool> WaitAsync(TimeSpan limit, TimeProvider clock)
    {
        Task[] tasks;
        lock (_items)
            tasks = [.. _items.Select(i => i.Done)];
        try
        {
            await Task.WhenAll(tasks).WaitAsync(limit, clock);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (Exception)
        {
            // A write or program that ended in an error has ended all the same.
            return tasks.All(t => t.IsCompleted);
        }
    }
}
