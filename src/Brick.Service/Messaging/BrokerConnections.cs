using System.Net.Security;
using System.Security.Authentication;
using Brick.Service.Settings;
using MassTransit;
using MassTransit.RabbitMqTransport.Configuration;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Brick.Service.Messaging;

/// <summary>
/// One place that turns a <see cref="BrokerAddress"/> into connection settings, for the bus and for plain clients
/// alike. Whether TLS is on is <see cref="BrokerAddress.UseTls"/>'s one rule (<c>amqps://</c>, or port 5671, where
/// MassTransit turns it on by itself), for the bus and every plain client; TLS always checks the broker's chain and each
/// node's name through <see cref="BrokerCertificateCheck"/>: no policy error is allowed.
/// </summary>
internal static class BrokerConnections
{
    private const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    private static readonly TimeSpan DefaultHeartbeat = new BrokerSettings().BrokerHeartbeat;

    /// <summary>
    /// Points the bus at the broker: every cluster node, TLS where <see cref="BrokerAddress.UseTls"/>, publisher confirms on,
    /// <paramref name="heartbeat"/> asked of the broker (<c>Brick:BrokerHeartbeat</c>'s default, 20 s, when not given).
    /// </summary>
    /// <paramref name="maxBodyBytes"/>, when given, is the largest body the connection takes in (RabbitMQ.Client's
    /// <c>MaxInboundMessageBodySize</c>, 64 MiB by default): a larger one makes the client close the connection from the
    /// body's announced size, before reading it.
    public static void ConfigureHost(IRabbitMqBusFactoryConfigurator bus, BrokerAddress broker, string connectionName, ILogger? logger = null,
        TimeSpan? heartbeat = null, int? maxBodyBytes = null)
    {
        var port = (ushort)BrokerAddress.PortOf(broker.Nodes[0]);
        bus.Host(broker.ServerName, port, broker.VirtualHost, connectionName, rabbit =>
        {
            rabbit.Username(broker.UserName);
            rabbit.Password(broker.Password);
            rabbit.PublisherConfirmation = true;
            rabbit.Heartbeat(heartbeat ?? DefaultHeartbeat);
            if (maxBodyBytes is { } max)
                rabbit.MaxMessageSize((uint)max);
            if (broker.Nodes.Count > 1)
            {
                rabbit.UseCluster(cluster =>
                {
                    foreach (var node in broker.Nodes)
                        cluster.Node(node);
                });
            }

            if (broker.UseTls)
            {
                // MassTransit gives every cluster node the first node's server name; the node it is connecting to is
                // the one its endpoint resolver picked last, which is the name checked.
                var settings = (rabbit as RabbitMqHostConfigurator)?.Settings;
                rabbit.UseSsl(ssl =>
                {
                    ssl.Protocol = Protocols;
                    ssl.ServerName = broker.ServerName;
                    ssl.EnforcePolicyErrors(SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch
                        | SslPolicyErrors.RemoteCertificateNotAvailable);
                    ssl.CertificateValidationCallback = BrokerCertificateCheck.For(broker.Tls,
                        () => settings?.EndpointResolver?.LastHost.HostName ?? broker.ServerName, logger);
                    if (broker.Tls.ClientCertificate is { } certificate)
                        ssl.Certificate = certificate;
                });
            }
        });
    }

    /// <summary>A plain RabbitMQ.Client factory with the same settings.</summary>
    public static ConnectionFactory Factory(BrokerAddress broker, string connectionName) => new()
    {
        UserName = broker.UserName,
        Password = broker.Password,
        VirtualHost = broker.VirtualHost,
        ClientProvidedName = connectionName,
        Ssl = Ssl(broker, broker.ServerName),
    };

    /// <summary>
    /// A connection of <see cref="Factory"/>'s settings to the first node of <paramref name="broker"/> that answers within
    /// <paramref name="connectTimeout"/>, for a command or a check that asks once: no automatic recovery, no topology
    /// recovery (a broken one is opened again by whoever needs it).
    /// </summary>
    public static Task<IConnection> OpenOnceAsync(
        BrokerAddress broker, string connectionName, TimeSpan connectTimeout, CancellationToken cancellationToken, ILogger? logger = null)
    {
        var factory = Factory(broker, connectionName);
        factory.AutomaticRecoveryEnabled = false;
        factory.TopologyRecoveryEnabled = false;
        factory.RequestedConnectionTimeout = connectTimeout;
        return factory.CreateConnectionAsync(Endpoints(broker, logger), cancellationToken);
    }

    /// <summary>Every node as an endpoint, tried in order, each checked against its own name.</summary>
    public static IList<AmqpTcpEndpoint> Endpoints(BrokerAddress broker, ILogger? logger = null) =>
        [.. broker.Nodes.Select(node => new AmqpTcpEndpoint(BrokerAddress.NameOf(node), BrokerAddress.PortOf(node), Ssl(broker, BrokerAddress.NameOf(node), logger)))];

    private static SslOption Ssl(BrokerAddress broker, string serverName, ILogger? logger = null) => new()
    {
        Enabled = broker.UseTls,
        ServerName = serverName,
        Version = Protocols,
        AcceptablePolicyErrors = SslPolicyErrors.None,
        CertificateValidationCallback = BrokerCertificateCheck.For(broker.Tls, () => serverName, logger),
        Certs = broker.Tls.ClientCertificate is { } certificate ? [certificate] : null,
    };
}
