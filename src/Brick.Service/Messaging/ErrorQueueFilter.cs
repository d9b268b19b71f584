using MassTransit;
using MassTransit.Middleware;

namespace Brick.Service.Messaging;

/// <summary>
/// The receive endpoint's error pipe: records the failure (<see cref="FailureRecorder"/>), then hands the message to
/// MassTransit's error transport, which moves it to <c>brick-worker.&lt;host&gt;_error</c> with the extra headers.
/// MassTransit's <c>Fault&lt;T&gt;</c> events are not published: the contract's failure event replaces them. The
/// headers it adds (<c>MT-Fault-Message</c>, <c>MT-Fault-StackTrace</c>, …) are scrubbed of credentials.
/// </summary>
internal sealed class ErrorQueueFilter(FailureRecorder recorder) : IFilter<ExceptionReceiveContext>
{
    private static readonly IFilter<ExceptionReceiveContext> Move = new ErrorTransportFilter();

    /// <inheritdoc />
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        await recorder.RecordAsync(context);
        FaultHeaders.Scrub(context.ExceptionHeaders);
        if (!context.IsFaulted)
            await context.NotifyFaulted(context.Exception); // so that the dead-letter pipe leaves it alone
        await Move.Send(context, next);
    }

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope("brick-error-queue");
}
