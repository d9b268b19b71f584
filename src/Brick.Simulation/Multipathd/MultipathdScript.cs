using System.Collections.Concurrent;

namespace Brick.Simulation.Multipathd;

/// <summary>The scripted replies of the simulated <c>multipathd</c>: each call takes the next; when none is left it behaves as the real one.</summary>
public sealed class MultipathdScript
{
    private readonly ConcurrentQueue<MultipathdReply> _replies = new();
    private int _calls;

    /// <summary>How many times <c>multipathd</c> was called, for any command.</summary>
    public int Calls => _calls;

    /// <summary>A reply given when the script is used up; <see cref="MultipathdReply.Real"/> by default.</summary>
    public MultipathdReply Otherwise { get; set; } = MultipathdReply.Real;

    /// <summary>Adds replies to the script.</summary>
    public void Then(params MultipathdReply[] replies)
    {
        foreach (var reply in replies)
            _replies.Enqueue(reply);
    }

    internal void Count() => Interlocked.Increment(ref _calls);

    /// <summary>The reply to the next <c>resize map</c>.</summary>
    internal MultipathdReply Next()
    {
        Count();
        return _replies.TryDequeue(out var reply) ? reply : Otherwise;
    }
}
