namespace Brick.Service.Composition;

/// <summary>
/// How <see cref="ConsumerStallGuard"/> looks once it suspects a stall: a probe every <paramref name="ProbeInterval"/>,
/// and a stop once the broker has shown no consumer on the endpoint's queue for <paramref name="StallTimeout"/>.
/// </summary>
internal sealed record StallTiming(TimeSpan ProbeInterval, TimeSpan StallTimeout)
{
    /// <summary>A probe every 30 s, a stop after 2 min without a consumer: far past a reconnect (seconds), well short of an operator noticing.</summary>
    public static StallTiming Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2));
}
