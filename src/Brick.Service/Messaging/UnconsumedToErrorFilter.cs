using MassTransit;
using MassTransit.Middleware.Rescue;

namespace Brick.Service.Messaging;

/// <summary>
/// The receive endpoint's dead-letter pipe: a message that no consumer took (a JSON <c>null</c> body, say) is a bad
/// input too, so it goes to the error queue with a reason like any other (<paramref name="unconsumed"/>, the endpoint's
/// own failure for it), never to a <c>_skipped</c> queue.
/// </summary>
internal sealed class UnconsumedToErrorFilter(ErrorQueueFilter errorQueue, Func<Exception> unconsumed, string scope = "brick") : IFilter<ReceiveContext>
{
    /// <inheritdoc />
    public Task Send(ReceiveContext context, IPipe<ReceiveContext> next) =>
        errorQueue.Send(new RescueExceptionReceiveContext(context, unconsumed()), Pipe.Empty<ExceptionReceiveContext>());

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope($"{scope}-unconsumed-to-error");
}
