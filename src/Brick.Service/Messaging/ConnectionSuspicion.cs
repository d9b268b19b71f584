namespace Brick.Service.Messaging;

/// <summary>
/// Where the messaging code says that the broker connection may have stalled (a publish the broker never confirmed), for
/// whoever watches for it (the consumer's stall guard) to hear, without the messaging code knowing who that is.
/// </summary>
internal sealed class ConnectionSuspicion
{
    /// <summary>Raised with what was seen.</summary>
    public event Action<string>? Raised;

    /// <summary>Says what was seen.</summary>
    public void Raise(string why) => Raised?.Invoke(why);
}
