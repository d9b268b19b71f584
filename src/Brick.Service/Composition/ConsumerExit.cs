namespace Brick.Service.Composition;

/// <summary>
/// Why the service stopped by itself, if it did: the bus could not start (the broker refused the credentials or the
/// queue's declaration, …). <c>brick-worker run</c> then exits with a non-zero code so that systemd
/// (<c>Restart=on-failure</c>) or Kubernetes starts it again, rather than staying up without consuming. Readable by a
/// readiness check while the service is stopping.
/// </summary>
public sealed class ConsumerExit
{
    private readonly Lock _lock = new();

    /// <summary>Whether the service gave up (and is stopping, or has stopped).</summary>
    public bool GaveUp => Reason is not null;

    /// <summary>Why, one sentence without credentials, or null.</summary>
    public string? Reason
    {
        get
        {
            lock (_lock)
                return field;
        }

        private set;
    }

    /// <summary>Records that the service gives up because of <paramref name="reason"/> (the first reason stays).</summary>
    public void GiveUp(string reason)
    {
        lock (_lock)
            Reason ??= reason;
    }
}
