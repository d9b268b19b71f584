using System.Net.Sockets;
using Brick.Service.Settings;
using RabbitMQ.Client.Exceptions;

namespace Brick.Service.Messaging;

/// <summary>Turns what RabbitMQ.Client throws into one line an operator can act on, naming the broker without its credentials.</summary>
internal static class BrokerErrors
{
    /// <summary>The one-line account of <paramref name="error"/>, met while talking to <paramref name="broker"/>.</summary>
    public static string Describe(Exception error, BrokerAddress broker)
    {
        var where = broker.Redacted;
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AuthenticationFailureException or PossibleAuthenticationFailureException:
                    return $"The broker {where} refused the login of user '{broker.UserName}': check the user name and password.";
                case System.Security.Authentication.AuthenticationException tls:
                    return $"Refused the TLS connection to the broker {where}: {broker.Tls.LastRefusal ?? tls.Message} (nothing was sent, no credentials).";
                case OperationInterruptedException { ShutdownReason: { } reason }:
                    return Interrupted(reason.ReplyCode, reason.ReplyText, where, broker);
                case SocketException socket:
                    return socket.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => $"Cannot connect to the broker {where}: connection refused (is RabbitMQ running there, on that port?).",
                        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"Cannot connect to the broker {where}: host not found.",
                        SocketError.TimedOut => $"Cannot connect to the broker {where}: timed out.",
                        _ => $"Cannot connect to the broker {where}: {socket.Message}",
                    };
                case TimeoutException:
                    return $"Cannot connect to the broker {where}: timed out.";
            }
        }

        return error is BrokerUnreachableException
            ? error.GetBaseException() is EndOfStreamException or InvalidOperationException or IOException
                ? $"Cannot connect to the broker {where}: the connection closed during the AMQP handshake (not an AMQP port, a TLS port reached without amqps://, or the broker still starting)."
                : $"Cannot connect to the broker {where}: {error.GetBaseException().Message}"
            : $"The broker {where} failed: {error.GetBaseException().Message}";
    }

    /// <summary>Whether <paramref name="e"/> is the broker or the connection failing (as opposed to a bug).</summary>
    public static bool IsBrokerError(Exception e) =>
        e is OperationInterruptedException or AlreadyClosedException or BrokerUnreachableException or IOException
            or RabbitMQClientException or TimeoutException;

    private static string Interrupted(ushort code, string text, string where, BrokerAddress broker) => code switch
    {
        403 when text.Contains("login", StringComparison.OrdinalIgnoreCase) =>
            $"The broker {where} refused the login of user '{broker.UserName}': check the user name and password.",
        403 => $"The broker {where} refused user '{broker.UserName}': {text}",
        404 => $"Not found on the broker {where}: {text}",
        530 => $"The broker {where} refused user '{broker.UserName}' on virtual host '{broker.VirtualHost}': {text}",
        _ => $"The broker {where} closed the channel ({code}): {text}",
    };
}
