using RabbitMQ.Client;

namespace Brick.Service.Messaging;

/// <summary>
/// The bus's own AMQP connection, as MassTransit last opened it (<see cref="BusConnectionFilter"/> notes it), so that the
/// readiness checks talk to the broker on it instead of a connection of their own: one connection per host (issue 19,
/// point 5). Never closed here: MassTransit owns it.
/// </summary>
internal sealed class BusConnection
{
    private volatile IConnection? _current;

    /// <summary>The bus's connection while it is open; null before the bus connected and while it reconnects.</summary>
    public IConnection? Open => _current is { IsOpen: true } open ? open : null;

    /// <summary>Notes the connection MassTransit (re)connected on.</summary>
    public void Set(IConnection connection) => _current = connection;
}
