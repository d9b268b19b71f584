using Brick.Cinder.Notifications;
using MassTransit;
using MassTransit.Middleware.Rescue;

namespace Brick.Cinder.Messaging;

/// <summary>The dead-letter pipe: a delivery no consumer took goes to the error queue as <c>InvalidNotification</c>, never to <c>_skipped</c>.</summary>
internal sealed class CinderBridgeUnconsumedFilter(CinderBridgeErrorFilter errors) : IFilter<ReceiveContext>
{
    /// <inheritdoc />
    public Task Send(ReceiveContext context, IPipe<ReceiveContext> next) =>
        errors.Send(new RescueExceptionReceiveContext(context, new InvalidNotificationException("The body is not an oslo notification.")),
            Pipe.Empty<ExceptionReceiveContext>());

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope("brick-cinder-bridge-unconsumed-to-error");
}
