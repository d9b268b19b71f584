using MassTransit;
using MassTransit.RabbitMqTransport;

namespace Brick.Service.Messaging;

/// <summary>
/// On the worker endpoint's connection pipe: notes each connection MassTransit opens for the bus in
/// <see cref="BusConnection"/>, then passes it on unchanged.
/// </summary>
internal sealed class BusConnectionFilter(BusConnection holder) : IFilter<ConnectionContext>
{
    /// <inheritdoc />
    public Task Send(ConnectionContext context, IPipe<ConnectionContext> next)
    {
        holder.Set(context.Connection);
        return next.Send(context);
    }

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope("brick-bus-connection");
}
