using System.Security.Authentication;
using Brick.Worker.Service;
using MassTransit;
using RabbitMQ.Client;

namespace Brick.Worker.Messaging;

/// <summary>One place that turns a <see cref="BrokerAddress"/> into connection settings, for the bus and for plain clients alike.</summary>
public static class BrokerConnections
{
    /// <summary>Points the bus at the broker: every cluster node, TLS where the scheme is <c>amqps</c>, publisher confirms on.</summary>
    public static void ConfigureHost(IRabbitMqBusFactoryConfigurator bus, BrokerAddress broker, string connectionName)
    {
        bus.Host(broker.Host, (ushort)BrokerAddress.PortOf(broker.Nodes[0]), broker.VirtualHost, connectionName, host =>
        {
            host.Username(broker.UserName);
            host.Password(broker.Password);
            host.PublisherConfirmation = true;
            host.Heartbeat(TimeSpan.FromSeconds(20));
            if (broker.Nodes.Count > 1)
            {
                host.UseCluster(cluster =>
                {
                    foreach (var node in broker.Nodes)
                        cluster.Node(node);
                });
            }

            if (broker.UseTls)
            {
                host.UseSsl(ssl =>
                {
                    ssl.Protocol = SslProtocols.Tls12 | SslProtocols.Tls13;
                    ssl.ServerName = broker.Host;
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
        Ssl = new SslOption { Enabled = broker.UseTls, ServerName = broker.Host, Version = SslProtocols.Tls12 | SslProtocols.Tls13 },
    };

    /// <summary>Every node as an endpoint, tried in order.</summary>
    public static IList<AmqpTcpEndpoint> Endpoints(BrokerAddress broker) =>
        [.. broker.Nodes.Select(node => new AmqpTcpEndpoint(BrokerAddress.HostOf(node), BrokerAddress.PortOf(node),
            new SslOption { Enabled = broker.UseTls, ServerName = BrokerAddress.HostOf(node), Version = SslProtocols.Tls12 | SslProtocols.Tls13 }))];
}
