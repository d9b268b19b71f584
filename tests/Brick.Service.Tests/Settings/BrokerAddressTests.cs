using Brick.Service.Settings;

namespace Brick.Service.Tests.Settings;

/// <summary>The broker URI: nodes, TLS, virtual host, credentials, and what may be logged.</summary>
public sealed class BrokerAddressTests
{
    [Fact]
    public void The_redacted_form_has_nodes_and_vhost_but_never_user_or_password()
    {
        var broker = BrokerAddress.TryParse("amqps://brick-user:p%40ss-w0rd@rabbit-1:5671/brick", ["rabbit-2", "rabbit-3:5700"], out var error)!;
        Assert.Null(error);
        Assert.Equal("amqps://rabbit-1:5671,rabbit-2:5671,rabbit-3:5700/brick", broker.Redacted);
        Assert.Equal(broker.Redacted, broker.ToString());
        Assert.DoesNotContain("brick-user", broker.Redacted, StringComparison.Ordinal);
        Assert.Equal("p@ss-w0rd", broker.Password);
        Assert.True(broker.UseTls);
        Assert.Equal("rabbit-1", broker.ServerName);
    }

    [Fact]
    public void A_uri_without_credentials_port_or_vhost_means_guest_on_the_default_port_and_root_vhost()
    {
        var broker = BrokerAddress.TryParse("amqp://localhost/", [], out _)!;
        Assert.Equal(("guest", "guest", "/", 5672), (broker.UserName, broker.Password, broker.VirtualHost, broker.Port));
    }

    [Theory]
    [InlineData("localhost:5672")]
    [InlineData("http://rabbit/")]
    [InlineData("")]
    public void Anything_but_an_amqp_uri_is_refused_naming_the_Broker_setting(string uri)
    {
        Assert.Null(BrokerAddress.TryParse(uri, [], out var error));
        Assert.StartsWith("Broker ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_cluster_node_is_refused_naming_the_BrokerNodes_setting()
    {
        Assert.Null(BrokerAddress.TryParse("amqp://rabbit-1/", ["user@rabbit-2"], out var error));
        Assert.StartsWith("BrokerNodes ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_settings_parse_their_broker_once_for_the_same_values()
    {
        var settings = new BrokerSettings { Broker = "amqp://rabbit-1/", BrokerNodes = ["rabbit-2"] };

        var first = settings.BrokerAddress(out _);
        var second = settings.BrokerAddress(out _);
        settings.Broker = "amqp://rabbit-9/";
        var changed = settings.BrokerAddress(out _);

        Assert.Same(first, second);
        Assert.Equal("rabbit-9", changed!.ServerName);
    }
}
