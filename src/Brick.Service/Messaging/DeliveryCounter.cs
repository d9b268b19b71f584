using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Brick.Engine.Core;
using Brick.Engine.Kernel;
using Brick.Engine.Operations;
using MassTransit;

namespace Brick.Service.Messaging;

/// <summary>
/// Which attempt at its message a delivery is (1 for the first), counting only what the worker itself caused: an
/// attempt cut short by the death of the worker process doing it (<see cref="DeliveryRecords"/>, on disk, so that the
/// count outlives a worker killed while it works on the message: without it a message that kills the worker every
/// time would be delivered without end). A redelivery after a lost connection or a broker failover, in a worker that
/// still runs, counts nothing (five broker flaps must not fail a healthy request). Counted once per delivery, however
/// many tries the retry policy makes; <see cref="Ended"/> forgets a message that got its outcome or went to the error
/// queue. Where the records cannot be kept, the count falls back to the quorum queue's <c>x-delivery-count</c> and
/// the redeliveries this process saw.
/// </summary>
internal sealed class DeliveryCounter(DeliveryRecords records)
{
    /// <summary>The most bodies remembered (the fallback count); past it the count starts again.</summary>
    public const int Remembered = 10_000;

    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);

    /// <summary>The counter of a worker whose records go in <c>LockDirectory/deliveries</c>.</summary>
    public DeliveryCounter(EngineOptions options, KernelRoots roots)
        : this(new DeliveryRecords(Path.Combine(LockDirectories.For(options, roots), "deliveries")))
    {
    }

    /// <summary>The number of this delivery of <paramref name="context"/>'s message; its work starts now.</summary>
    public int Number(ReceiveContext context) => Of(context).Value;

    /// <summary>
    /// The reason of the failure an earlier delivery of <paramref name="context"/>'s message published before its move
    /// to the error queue was refused, or null: a message that has had its answer is only moved, not run again (its
    /// failure is not published twice). Known from the records only, and only for a redelivery.
    /// </summary>
    public string? Answered(ReceiveContext context) => Of(context).Answered;

    /// <summary>
    /// Forgets <paramref name="context"/>'s message (its outcome went, or its move to the error queue was confirmed):
    /// its record on disk is removed.
    /// </summary>
    public void Ended(ReceiveContext context)
    {
        if (context.TryGetPayload<DeliveryNumber>(out var number))
        {
            _seen.TryRemove(number.Key, out _);
            records.Forget(number.Key);
        }
    }

    /// <summary>
    /// <paramref name="context"/>'s move to the error queue was refused and the message comes back: this attempt
    /// counts, as one cut short by the worker's death does; where it published the message's failure
    /// (<paramref name="answered"/>, its reason), the next delivery only moves it.
    /// </summary>
    public void Unfinished(ReceiveContext context, string? answered = null)
    {
        if (context.TryGetPayload<DeliveryNumber>(out var number))
            records.Unfinished(number.Key, answered);
    }

    private DeliveryNumber Of(ReceiveContext context) => context.GetOrAddPayload(() => Count(context));

    private DeliveryNumber Count(ReceiveContext context)
    {
        var key = Convert.ToHexString(SHA256.HashData(context.Body.GetBytes()));
        if (records.Started(key, context.Redelivered) is { } record)
            return new DeliveryNumber((int)Math.Min(record.Crashes + 1L, int.MaxValue), key, record.Answered);

        // No records: the broker's count (quorum queues) and this process's own, flaps included.
        var byBroker = BrokerCount(context) is { } count ? (int)Math.Min(count + 1, int.MaxValue) : 1;
        if (_seen.Count >= Remembered)
            _seen.Clear();
        var byWorker = context.Redelivered ? _seen.AddOrUpdate(key, 2, (_, seen) => seen + 1) : _seen[key] = 1;
        return new DeliveryNumber(Math.Max(byBroker, byWorker), key, null);
    }

    private static long? BrokerCount(ReceiveContext context) =>
        context.TransportHeaders.TryGetHeader("x-delivery-count", out var value) && value is not null
        && long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
        && count >= 0
            ? count
            : null;

    private sealed record DeliveryNumber(int Value, string Key, string? Answered);
}
