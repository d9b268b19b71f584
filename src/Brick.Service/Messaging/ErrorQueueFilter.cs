using MassTransit;
using MassTransit.Middleware;

namespace Brick.Service.Messaging;

/// <summary>
/// The error pipe of every consumer endpoint: records the failure (the consumer's <see cref="IFailureRecorder"/>), then
/// hands the message to MassTransit's error transport, which moves it to <c>&lt;queue&gt;_error</c> with the extra
/// headers. MassTransit's <c>Fault&lt;T&gt;</c> events are not published: the contracts' failure events replace them.
/// The headers it adds (<c>MT-Fault-Message</c>, <c>MT-Fault-StackTrace</c>, …) are scrubbed of credentials.
/// </summary>
/// <remarks>
/// The message's delivery count (<see cref="DeliveryCounter"/>, where the endpoint keeps one) is forgotten only once
/// the move has been confirmed: a move the broker refuses (no write permission on the <c>_error</c> exchange, say)
/// gives the message back, counted as an unfinished attempt, so that past <c>MaxDeliveries</c> its work is not run again.
/// </remarks>
/// <param name="recorder">The consumer's own part.</param>
/// <param name="deliveries">The endpoint's delivery count, or null.</param>
/// <param name="scope">The prefix of the probe scope (<c>brick</c>: <c>brick-error-queue</c>).</param>
internal sealed class ErrorQueueFilter(IFailureRecorder recorder, DeliveryCounter? deliveries, string scope = "brick") : IFilter<ExceptionReceiveContext>
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
            deliveries?.Unfinished(context);
            throw;
        }

        deliveries?.Ended(context);
    }

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope($"{scope}-error-queue");
}
