using System.Net;
using Brick.Service.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Brick.Service.Tests.Settings;

/// <summary><c>Brick:Http</c> (<c>--http</c>): an IP address or localhost and a port, checked with the other settings.</summary>
public sealed class HttpAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:9464", "127.0.0.1", 9464, "http://127.0.0.1:9464")]
    [InlineData("0.0.0.0:9480", "0.0.0.0", 9480, "http://0.0.0.0:9480")]
    [InlineData("[::1]:9464", "::1", 9464, "http://[::1]:9464")]
    [InlineData("[::]:1", "::", 1, "http://[::]:1")]
    [InlineData("10.1.2.3:65535", "10.1.2.3", 65535, "http://10.1.2.3:65535")]
    public void An_ip_address_and_a_port_are_read(string text, string address, int port, string url)
    {
        var parsed = HttpAddress.TryParse(text, out var error);

        Assert.Null(error);
        Assert.Equal(new HttpAddress(IPAddress.Parse(address), port), parsed);
        Assert.Equal(url, parsed!.ToString());
    }

    [Fact]
    public void Localhost_is_the_loopback_of_both_families()
    {
        Assert.Equal(new HttpAddress(null, 9464), HttpAddress.TryParse("localhost:9464", out _));
    }

    [Theory]
    [InlineData("9464", "is not ADDRESS:PORT")]
    [InlineData("127.0.0.1", "is not ADDRESS:PORT")]
    [InlineData("127.0.0.1:", "is not ADDRESS:PORT")]
    [InlineData(":9464", "is not ADDRESS:PORT")]
    [InlineData("127.0.0.1:0", "has port '0'")]
    [InlineData("127.0.0.1:65536", "has port '65536'")]
    [InlineData("127.0.0.1:+80", "has port '+80'")]
    [InlineData("::1:9464", "has address '::1'")]
    [InlineData("[127.0.0.1]:9464", "has address '[127.0.0.1]'")]
    [InlineData("1.2.3:9464", "has address '1.2.3'")]
    [InlineData("metrics.example:9464", "has address 'metrics.example'")]
    [InlineData("[fe80::1%eth0]:9464", "has address '[fe80::1%eth0]'")]
    public void Anything_else_is_refused_with_what_is_wrong(string text, string expected)
    {
        Assert.Null(HttpAddress.TryParse(text, out var error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_address_is_named_by_the_settings_check_with_its_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Brick:Http"] = "0.0.0.0",
            ["Brick:SysRoot"] = "/",
            ["Brick:DevRoot"] = "/",
        }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddWorkerSettings().BuildServiceProvider();

        var failure = Assert.Single(Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<SettingsCheck>().ThrowIfAny()).Failures);
        Assert.StartsWith("Brick:Http '0.0.0.0' is not ADDRESS:PORT", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Unset_it_is_no_problem_and_nothing_is_served()
    {
        Assert.Null(new HttpSettings().Http);
    }
}
