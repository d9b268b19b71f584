using Brick.Service.Settings;

namespace Brick.Service.Tests.Settings;

/// <summary>No credential survives a text that others read: URIs, MassTransit's and RabbitMQ's wordings, the password itself.</summary>
public sealed class SecretsTests
{
    [Theory]
    [InlineData("Connect failed: amqp://brick:hunter2-secret@rabbit-1:5672/brick", "Connect failed: amqp://***@rabbit-1:5672/brick")]
    [InlineData("Broker unreachable: brick-compute@rabbit-1:5672/", "Broker unreachable: ***@rabbit-1:5672/")]
    [InlineData("RabbitMQ Connect Failed: brick-compute@[::1]:5671/brick", "RabbitMQ Connect Failed: ***@[::1]:5671/brick")]
    [InlineData("ACCESS_REFUSED - access to exchange 'brick.host-volume-resized' in vhost '/' refused for user 'brick-compute'",
        "ACCESS_REFUSED - access to exchange 'brick.host-volume-resized' in vhost '/' refused for user '***'")]
    [InlineData("ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN", "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN")]
    [InlineData("The request is for host compute-08, this is compute-07.", "The request is for host compute-08, this is compute-07.")]
    public void Credentials_in_the_forms_brokers_and_clients_write_them_are_masked(string text, string scrubbed) =>
        Assert.Equal(scrubbed, Secrets.Scrub(text));

    [Fact]
    public void A_remembered_password_is_masked_wherever_it_appears_also_escaped()
    {
        Secrets.Remember("p@ss w0rd/42");

        Assert.Equal("failed with *** in it", Secrets.Scrub("failed with p@ss w0rd/42 in it"));
        Assert.Equal("uri has ***", Secrets.Scrub("uri has p%40ss%20w0rd%2F42"));
    }

    [Fact]
    public void A_password_read_from_the_settings_is_remembered()
    {
        var settings = new BrokerSettings { Broker = "amqp://brick:Settings-Pa55word@rabbit:5672/" };

        Assert.NotNull(settings.BrokerAddress(out _));
        Assert.Equal("the password was ***", Secrets.Scrub("the password was Settings-Pa55word"));
    }

    [Fact]
    public void A_very_short_password_is_masked_only_in_its_forms_not_everywhere()
    {
        Secrets.Remember("ab");

        Assert.Equal("abacus", Secrets.Scrub("abacus"));
        Assert.Equal("amqp://***@host:5672/", Secrets.Scrub("amqp://u:ab@host:5672/"));
    }
}
