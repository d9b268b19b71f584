using System.Net.Sockets;
using Brick.Service.Messaging;
using RabbitMQ.Client.Exceptions;

namespace Brick.Service.Logging;

/// <summary>
/// Failures that are part of the service's work, not bugs: a request that failed or was refused (a body that is not
/// JSON, another host, a path that timed out) and a broker that cannot be reached. Logged as one line each; their
/// stack traces only at Debug level.
/// </summary>
internal static class ExpectedFailures
{
    /// <summary>Whether <paramref name="exception"/> or one it wraps is expected.</summary>
    public static bool Includes(Exception exception) => Chain(exception).Any(e => e
        is RequestFailedException
        or MassTransit.ConnectionException
        or BrokerUnreachableException
        or ConnectFailureException
        or AlreadyClosedException
        or OperationInterruptedException
        or SocketException);

    /// <summary>What a line says of it: the innermost message, where the cause is told (e.g. "Connection refused").</summary>
    public static string Describe(Exception exception) =>
        Chain(exception).OfType<RequestFailedException>().FirstOrDefault()?.Message ?? Chain(exception).Last().Message;

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e is AggregateException { InnerExceptions: [var single] } ? single : e.InnerException)
            yield return e;
    }
}
