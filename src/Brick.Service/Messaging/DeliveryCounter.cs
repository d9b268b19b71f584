using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using MassTransit;

namespace Brick.Service.Messaging;

/// <summary>
/// Which delivery of its message a delivery is (1 for the first), whatever the broker: the larger of the quorum
/// queue's <c>x-delivery-count</c> header plus one and the worker's own count of the deliveries it has seen of the same
/// body (for classic queues and brokers that do not count; lost when the process restarts, so bounded on a classic
/// queue only while the worker keeps running). Counted once per delivery, however many tries the retry policy makes.
/// </summary>
internal sealed class DeliveryCounter
{
    /// <summary>The most bodies remembered; past it the count starts again (a message then gets a few more deliveries).</summary>
    public const int Remembered = 10_000;

    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);

    /// <summary>The number of this delivery of <paramref name="context"/>'s message.</summary>
    public int Number(ReceiveContext context) => context.GetOrAddPayload(() => new DeliveryNumber(Count(context))).Value;

    private int Count(ReceiveContext context)
    {
        var byBroker = BrokerCount(context) is { } count ? (int)Math.Min(count + 1, int.MaxValue) : 1;
        if (_seen.Count >= Remembered)
            _seen.Clear();
        var key = Convert.ToHexString(SHA256.HashData(context.Body.GetBytes()));
        var byWorker = context.Redelivered ? _seen.AddOrUpdate(key, 2, (_, seen) => seen + 1) : _seen[key] = 1;
        return Math.Max(byBroker, byWorker);
    }

    private static long? BrokerCount(ReceiveContext context) =>
        context.TransportHeaders.TryGetHeader("x-delivery-count", out var value) && value is not null
        && long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
        && count >= 0
            ? count
            : null;

    private sealed record DeliveryNumber(int Value);
}
