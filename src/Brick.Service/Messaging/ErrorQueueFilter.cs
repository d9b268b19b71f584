using MassTransit;
using MassTransit.Middleware;

namespace Brick.Service.Messaging;

/// <summary>
/// The receive endpoint's error pipe: records the failure (<see cref="FailureRecorder"/>), then hands the message to
/// MassTransit's error transport, which moves it to <c>brick-worker.&lt;host&gt;_error</c> with the extra headers.
/// MassTransit's <c>Fault&lt;T&gt;</c> events are not published: the contract's failure event replaces them. The
/// headers it adds (<c>MT-Fault-Message</c>, <c>MT-Fault-StackTrace</c>, …) are scrubbed of credentials.
/// </summary>
/// <remarks>
/// The message's delivery count (<see cref="DeliveryCounter"/>) is forgotten only once the move has been confirmed: a
/// move the broker refuses (no write permission on the <c>_error</c> exchange, say) gives the message back, counted as
/// an unfinished attempt, so that past <c>MaxDeliveries</c> its host operation is not run again.
/// </remarks>
internal sealed class ErrorQueueFilter(FailureRecorder recorder, DeliveryCounter deliveries) : IFilter<ExceptionReceiveContext>
{
    private static readonly IFilter<ExceptionReceiveContext> Move = new ErrorTransportFilter();

    /// <inheritdoc />
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        await recorder.RecordAsync(context);
        FaultHeaders.Scrub(context.ExceptionHeaders);
        if (!context.IsFaulted)
            await context.NotifyFaulted(context.Exception); // so that the dead-letter pipe leaves it alone
        try
        {
            await Move.Send(context, next);
        }
        catch
        {
            // Refused (no write permission on the error exchange, say): the message comes back, and this attempt counts.
            deliveries.Unfinished(context);
            throw;
        }

        deliveries.Ended(context);
    }

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope("brick-error-queue");
}
