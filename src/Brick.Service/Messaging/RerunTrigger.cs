namespace Brick.Service.Messaging;

/// <summary>
/// Runs one piece of work in the background when pulled, never two at once, and never misses a pull: a pull while it
/// runs makes it run once more when it ends (any number of such pulls make one more run).
/// </summary>
internal sealed class RerunTrigger(Func<Task> work)
{
    private const int Stopped = 0, Running = 1, RunAgain = 2;
    private int _state;

    /// <summary>Starts the work, or asks the run under way for one more; returns at once.</summary>
    public void Pull()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state == Stopped)
            {
                if (Interlocked.CompareExchange(ref _state, Running, Stopped) != Stopped)
                    continue;
                _ = Task.Run(RunUntilQuietAsync);
                return;
            }

            if (Interlocked.CompareExchange(ref _state, RunAgain, state) == state)
                return;
        }
    }

    private async Task RunUntilQuietAsync()
    {
        while (true)
        {
            await work();
            if (Interlocked.CompareExchange(ref _state, Stopped, Running) == Running)
                return;
            Volatile.Write(ref _state, Running); // pulled while it ran: run again
        }
    }
}
