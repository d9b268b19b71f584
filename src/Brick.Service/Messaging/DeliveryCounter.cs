using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Brick.Engine.Core;
using Brick.Engine.Kernel;
using Brick.Engine.Operations;
using MassTransit;

namespace Brick.Service.Messaging;

/// <summary>
/// Which delivery of its message a delivery is (1 for the first), whatever the broker: the largest of the quorum
/// queue's <c>x-delivery-count</c> header plus one, the worker's own count of the deliveries it has seen of the same
/// body, and, for a redelivered message, the count kept on disk (<see cref="DeliveryRecords"/>), which outlives a
/// worker killed while it works on the message: a classic queue counts nothing, so without it a message that kills
/// the worker every time would be delivered without end. Counted once per delivery, however many tries the retry
/// policy makes; <see cref="Ended"/> forgets a message that got its outcome or went to the error queue.
/// </summary>
internal sealed class DeliveryCounter(DeliveryRecords records)
{
    /// <summary>The most bodies remembered; past it the count starts again (a message then gets a few more deliveries).</summary>
    public const int Remembered = 10_000;

    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);

    /// <summary>The counter of a worker whose records go in <c>LockDirectory/deliveries</c>.</summary>
    public DeliveryCounter(EngineOptions options, KernelRoots roots)
        : this(new DeliveryRecords(Path.Combine(LockDirectories.For(options, roots), "deliveries")))
    {
    }

    /// <summary>The number of this delivery of <paramref name="context"/>'s message.</summary>
    public int Number(ReceiveContext context) => Of(context).Value;

    /// <summary>
    /// Forgets <paramref name="context"/>'s message (its outcome went, or it goes to the error queue): a record kept on
    /// disk for it is removed. Nothing to do for a message never redelivered.
    /// </summary>
    public void Ended(ReceiveContext context)
    {
        if (context.TryGetPayload<DeliveryNumber>(out var number) && number.Redelivered)
        {
            _seen.TryRemove(number.Key, out _);
            records.Forget(number.Key);
        }
    }

    private DeliveryNumber Of(ReceiveContext context) => context.GetOrAddPayload(() => Count(context));

    private DeliveryNumber Count(ReceiveContext context)
    {
        var byBroker = BrokerCount(context) is { } count ? (int)Math.Min(count + 1, int.MaxValue) : 1;
        if (_seen.Count >= Remembered)
            _seen.Clear();
        var key = Convert.ToHexString(SHA256.HashData(context.Body.GetBytes()));
        if (!context.Redelivered)
        {
            _seen[key] = 1;
            return new DeliveryNumber(Math.Max(byBroker, 1), key, false);
        }

        var byWorker = _seen.AddOrUpdate(key, 2, (_, seen) => seen + 1);
        var byRecord = records.Redelivered(key) is var redeliveries and > 0 ? (int)Math.Min(redeliveries + 1L, int.MaxValue) : 0;
        return new DeliveryNumber(Math.Max(byBroker, Math.Max(byWorker, byRecord)), key, true);
    }

    private static long? BrokerCount(ReceiveContext context) =>
        context.TransportHeaders.TryGetHeader("x-delivery-count", out var value) && value is not null
        && long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
        && count >= 0
            ? count
            : null;

    private sealed record DeliveryNumber(int Value, string Key, bool Redelivered);
}
