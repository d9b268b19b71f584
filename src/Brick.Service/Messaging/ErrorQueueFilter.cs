using Brick.Contracts;
using MassTransit;
using MassTransit.Middleware;
using Microsoft.Extensions.Logging;

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
/// gives the message back, counted as an unfinished attempt, so that past <c>MaxDeliveries</c> its work is not run again;
/// where its failure was published, the record says so, and the redelivery is moved without being run or published
/// again (<see cref="AlreadyAnsweredFilter"/>).
/// </remarks>
/// <param name="recorder">The consumer's own part.</param>
/// <param name="deliveries">The endpoint's delivery count, or null.</param>
/// <param name="logger">Where a move of an answered message is logged.</param>
/// <param name="scope">The prefix of the probe scope (<c>brick</c>: <c>brick-error-queue</c>).</param>
internal sealed partial class ErrorQueueFilter(IFailureRecorder recorder, DeliveryCounter? deliveries, ILogger logger, string scope = "brick")
    : IFilter<ExceptionReceiveContext>
{
    private static readonly IFilter<ExceptionReceiveContext> Move = new ErrorTransportFilter();

    /// <inheritdoc />
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        string? answered;
        if (ExceptionChain.Find<AlreadyAnsweredException>(context.Exception) is { } before)
        {
            answered = before.Reason;
            context.ExceptionHeaders.Set(EntityNames.ReasonHeader, answered);
            LogMovedAgain(answered);
        }
        else
            answered = await recorder.RecordAsync(context);

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
            deliveries?.Unfinished(context, answered);
            throw;
        }

        deliveries?.Ended(context);
    }

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope($"{scope}-error-queue");

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Moved to the error queue: {Reason}, published on an earlier delivery whose move was refused (not run or published again)")]
    private partial void LogMovedAgain(string reason);
}
