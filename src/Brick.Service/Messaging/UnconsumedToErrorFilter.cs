using MassTransit;
using MassTransit.Middleware.Rescue;

namespace Brick.Service.Messaging;

/// <summary>
/// The receive endpoint's dead-letter pipe: a message that no consumer took (a JSON <c>null</c> body, say) is a bad
/// input too, so it goes to the error queue with a reason like any other, never to a <c>_skipped</c> queue.
/// </summary>
internal sealed class UnconsumedToErrorFilter(ErrorQueueFilter errorQueue) : IFilter<ReceiveContext>
{
    /// <inheritdoc />
    public Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
    {
        var failed = new RescueExceptionReceiveContext(context, new InvalidDataException("The body is not a VolumeExtended object."));
        return errorQueue.Send(failed, Pipe.Empty<ExceptionReceiveContext>());
    }

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope("brick-unconsumed-to-error");
}
