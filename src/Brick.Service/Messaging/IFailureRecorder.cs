using MassTransit;

namespace Brick.Service.Messaging;

/// <summary>
/// A consumer's own part of its error pipe (<see cref="ErrorQueueFilter"/>): works out the failure of a delivery that
/// goes to the error queue, puts its reason in the <c>brick-reason</c> header, publishes what its contract publishes,
/// logs and counts it. It never throws for a failure it cannot publish: the move goes on all the same.
/// </summary>
internal interface IFailureRecorder
{
    /// <summary>
    /// Records the failure of <paramref name="context"/> before it is moved to the error queue. Returns the reason it
    /// published a failure with (the message has had its answer: should the move be refused, a redelivery only moves
    /// it), or null where it published none.
    /// </summary>
    Task<string?> RecordAsync(ExceptionReceiveContext context);
}
