namespace Brick.Service.Health;

/// <summary>
/// Why the bus could not start, if it could not (a refused login, a queue that cannot be declared), for the readiness
/// check to say while the service stops: MassTransit's own health then only says that nothing consumes.
/// </summary>
internal sealed class BusStartFailure
{
    private readonly Lock _lock = new();
    private string? _reason;

    /// <summary>The reason, one sentence without credentials, or null while the bus has not failed to start.</summary>
    public string? Reason
    {
        get
        {
            lock (_lock)
                return _reason;
        }
    }

    /// <summary>Records <paramref name="reason"/> (the first one stays).</summary>
    public void Record(string reason)
    {
        lock (_lock)
            _reason ??= reason;
    }
}
