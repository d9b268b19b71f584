using System.Security.Authentication;
using Brick.Service.Settings;
using MassTransit;
using RabbitMQ.Client;

namespace Brick.Service.Messaging;

/// <summary>One place that turns a <see cref="BrokerAddress"/> into connection settings, for the bus and for plain clients alike.</summary>
internal static class BrokerConnections
{
    /// <summary>Points the bus at the broker: every cluster node, TLS where the scheme is <c>amqps</c>, publisher confirms on.</summary>
    public static void ConfigureHost(IRabbitMqBusFactoryConfigurator bus, BrokerAddress broker, string connectionName)
    {
        bus.Host(broker.ServerName, (ushort)BrokerAddress.PortOf(broker.Nodes[0]), broker.VirtualHost, connectionName, rabbit =>
        {
            rabbit.Username(broker.UserName);
            rabbit.Password(broker.Password);
            rabbit.PublisherConfirmation = true;
            rabbit.Heartbeat(TimeSpan.FromSeconds(20));
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
                rabbit.UseSsl(ssl =>
                {
                    ssl.Protocol = SslProtocols.Tls12 | SslProtocols.Tls13;
                    ssl.ServerName = broker.ServerName;
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
        Ssl = new SslOption { Enabled = broker.UseTls, ServerName = broker.ServerName, Version = SslProtocols.Tls12 | SslProtocols.Tls13 },
    };

    /// <summary>Every node as an endpoint, tried in order.</summary>
    public static IList<AmqpTcpEndpoint> Endpoints(BrokerAddress broker) =>
        [.. broker.Nodes.Select(node => new AmqpTcpEndpoint(BrokerAddress.NameOf(node), BrokerAddress.PortOf(node),
            new SslOption { Enabled = broker.UseTls, ServerName = BrokerAddress.NameOf(node), Version = SslProtocols.Tls12 | SslProtocols.Tls13 }))];
}
