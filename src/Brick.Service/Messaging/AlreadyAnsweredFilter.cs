using MassTransit;

namespace Brick.Service.Messaging;

/// <summary>
/// First in the consume pipe of an endpoint that keeps a delivery count: a message that has had its answer (its failure
/// published, its move to the error queue refused since) is not handed to the consumer again but thrown to the error
/// pipe as <see cref="AlreadyAnsweredException"/>, so that a redelivery neither runs its work nor publishes its failure
/// twice (while an error queue's node is down, say).
/// </summary>
/// <param name="deliveries">The endpoint's delivery count.</param>
internal sealed class AlreadyAnsweredFilter(DeliveryCounter deliveries) : IFilter<ConsumeContext>
{
    /// <inheritdoc />
    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next) =>
        deliveries.Answered(context.ReceiveContext) is { } reason ? throw new AlreadyAnsweredException(reason) : next.Send(context);

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope("brick-already-answered");
}
