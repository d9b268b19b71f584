using System.Text.RegularExpressions;
using Brick.Service.Settings;
using Brick.Simulation.Hosts;
using Brick.Testing;
using Brick.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Tls;

/// <summary>
/// TLS to a real broker on 5671 whose certificate the test made: a CA the system does not trust is refused before
/// AMQP starts (so no credentials are sent), so are another CA and another name; with <c>Brick:BrokerCaFile</c> the
/// worker connects and consumes.
/// </summary>
public sealed partial class TlsBrokerTests(TlsBrokerFixture fixture) : IClassFixture<TlsBrokerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>RabbitMQ's line for a connection that got past TLS to AMQP on the TLS listener.</summary>
    // 3.10: "accepting AMQP connection <0.1.0> (A:P -> B:5671)"; 4.0: "accepting AMQP connection A:P -> B:5671".
    [GeneratedRegex(@"accepting AMQP connection .*-> \S+:5671\b")]
    private static partial Regex AmqpOverTls();

    private static async Task<(int Exit, string Stdout)> CheckAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var exit = await BrickWorkerCli.RunAsync(["check", "--host", "tls-check", .. args], new StringReader(""), stdout, new StringWriter());
        return (exit, stdout.ToString());
    }

    private static string BrokerRow(string stdout) =>
        stdout.Split('\n').Single(l => l.StartsWith("broker ", StringComparison.Ordinal)).Trim();

    [Fact]
    public async Task The_worker_refuses_a_broker_whose_CA_it_does_not_trust_and_sends_nothing()
    {
        var broker = await fixture.GetAsync();
        await using var host = SimulatedHost.Create();
        var before = AmqpOverTls().Count(await broker.LogAsync());

        await using var worker = await RunningWorker.StartAsync(broker.TlsUri(), Requests.UniqueHost("tls-untrusted"), host, waitUntilConsuming: false);
        var address = worker.Services.GetRequiredService<BrokerAddress>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (address.Tls.LastRefusal is null && DateTime.UtcNow < deadline)
            await Task.Delay(100, TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        Assert.StartsWith("the certificate of localhost (CN=localhost) is not trusted by this system", address.Tls.LastRefusal, StringComparison.Ordinal);
        await Assert.ThrowsAsync<TimeoutException>(() => worker.WaitUntilConsumingAsync(TimeSpan.FromSeconds(3)));
        Assert.Equal(before, AmqpOverTls().Count(await broker.LogAsync()));
    }

    /// <summary>A compatibility test (docs/worker-service.md): on RabbitMQ 4 and, with a TLS broker of its own, 3.10.</summary>
    [Theory]
    [InlineData(CompatBrokers.Current)]
    [InlineData(CompatBrokers.RabbitMq3)]
    public async Task With_the_CA_file_the_worker_connects_and_consumes(string which)
    {
        await using var own = which == CompatBrokers.RabbitMq3 ? await TlsBroker.StartAsync(CompatBrokers.RequireRabbitmq3Image()) : null;
        var broker = own ?? await fixture.GetAsync();
        var control = new BrokerFixture();
        await control.InitializeWithAsync(broker.PlainUri);
        var hostName = Requests.UniqueHost("tls-trusted");
        await using var host = SimulatedHost.Create();
        var volume = host.AddLoopVolume(GiB);
        await using var client = await ContractClient.CreateAsync(control, hostName);
        var before = AmqpOverTls().Count(await broker.LogAsync());

        await using var worker = await RunningWorker.StartAsync(broker.TlsUri(), hostName, host,
            new Dictionary<string, string?> { ["BrokerCaFile"] = broker.WriteCaFile("ca.pem", broker.Authority) });
        volume.Lun.Grow(2 * GiB);
        var id = Requests.UniqueVolume();
        await client.PublishAsync(hostName, Requests.Local(id, hostName, 0, 2 * GiB));
        var outcome = await client.WaitForVolumeAsync(id, Patience);

        Assert.True(outcome.Resized, outcome.ToString());
        Assert.True(AmqpOverTls().Count(await broker.LogAsync()) > before, "the broker logged no AMQP connection on its TLS listener");
    }

    [Fact]
    public async Task Check_names_a_CA_file_of_another_CA()
    {
        var broker = await fixture.GetAsync();
        using var other = TestCertificates.Authority("Someone else's CA");

        var (exit, stdout) = await CheckAsync("--broker", broker.TlsUri().AbsoluteUri, "--broker-ca-file", broker.WriteCaFile("other.pem", other));

        Assert.Equal(1, exit);
        Assert.Matches(@"^broker\s+fail\s+Refused the TLS connection to the broker amqps://localhost:\d+/%2F: the certificate of localhost \(CN=localhost\) does not chain to Brick:BrokerCaFile: .* \(nothing was sent, no credentials\)\.$",
            BrokerRow(stdout));
        Assert.DoesNotContain("guest:guest", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_refused()
    {
        var broker = await fixture.GetAsync();

        var (exit, stdout) = await CheckAsync("--broker", broker.TlsUri("127.0.0.1").AbsoluteUri, "--broker-ca-file", broker.WriteCaFile("ca-name.pem", broker.Authority));

        Assert.Equal(1, exit);
        Assert.Matches(@"^broker\s+fail\s+Refused the TLS connection to the broker amqps://127\.0\.0\.1:\d+/%2F: the certificate of 127\.0\.0\.1 does not name it \(it is for localhost\)",
            BrokerRow(stdout));
    }

    [Fact]
    public async Task Check_connects_over_TLS_with_the_CA_file()
    {
        var broker = await fixture.GetAsync();

        var (_, stdout) = await CheckAsync("--broker", broker.TlsUri().AbsoluteUri, "--broker-ca-file", broker.WriteCaFile("ca-check.pem", broker.Authority));

        Assert.Matches(@"^broker\s+ok\s+amqps://localhost:\d+/%2F as user 'guest', TLS \(chain and name checked\): RabbitMQ ", BrokerRow(stdout));
    }
}
