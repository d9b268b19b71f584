using Brick.Service.Messaging;
using Brick.Service.Settings;

namespace Brick.Service.Tests.Messaging;

/// <summary>One rule decides TLS from the broker URI, and every connection follows it: the bus and the plain clients alike.</summary>
public sealed class BrokerConnectionsTests
{
    [Theory]
    [InlineData("amqps://rabbit-1/", true)]
    [InlineData("amqps://rabbit-1:5672/", true)]
    [InlineData("amqp://rabbit-1:5671/", true)] // MassTransit turns TLS on for 5671 by itself: the plain clients must too
    [InlineData("amqp://rabbit-1:5672/", false)]
    [InlineData("amqp://rabbit-1/", false)]
    public void The_plain_clients_speak_TLS_exactly_where_the_bus_does(string uri, bool tls)
    {
        var broker = BrokerAddress.TryParse(uri, ["rabbit-2"], out var error) ?? throw new InvalidOperationException(error);

        Assert.Equal(tls, broker.UseTls);
        Assert.Equal(tls, BrokerConnections.Factory(broker, "test").Ssl.Enabled);
        Assert.All(BrokerConnections.Endpoints(broker), endpoint => Assert.Equal(tls, endpoint.Ssl.Enabled));
        Assert.StartsWith(tls ? "amqps://" : "amqp://", broker.Redacted, StringComparison.Ordinal);
    }
}
