using MassTransit;
using MassTransit.Middleware.Rescue;

namespace Brick.Virt.Messaging;

/// <summary>The dead-letter pipe: a delivery no consumer took goes to the error queue as <c>InvalidOutcome</c>, never to <c>_skipped</c>.</summary>
internal sealed class BlockresizeUnconsumedFilter(BlockresizeErrorFilter errors) : IFilter<ReceiveContext>
{
    /// <inheritdoc />
    public Task Send(ReceiveContext context, IPipe<ReceiveContext> next) =>
        errors.Send(new RescueExceptionReceiveContext(context, new InvalidOutcomeException("The body is not a HostVolumeResized object.")),
            Pipe.Empty<ExceptionReceiveContext>());

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope("brick-blockresize-unconsumed-to-error");
}
