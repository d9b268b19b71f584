using Brick.Contracts;
using Brick.Simulation.Hosts;
using Brick.Simulation.StandIns;
using Brick.Worker.Cli;

namespace Brick.Worker.IntegrationTests.Health;

/// <summary><c>brick-worker check</c> against a real broker: ready where a worker has run, and each way it is not, named.</summary>
public sealed class CheckCommandBrokerTests(BrokerFixture broker)
{
    private static async Task<(int Exit, string Stdout, string Stderr)> CheckAsync(Brick.Simulation.Hosts.SimulatedHost host, string hostName, string brokerUri)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await BrickWorkerCli.RunAsync(
        [
            "check", "--host", hostName, "--broker", brokerUri, "--sys-root", host.Roots.SysRoot, "--dev-root", host.Roots.DevRoot,
            "--multipathd", host.Programs.Multipathd, "--cryptsetup", host.Programs.Cryptsetup, "--losetup", host.Programs.Losetup,
        ], new StringReader(""), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string Uri(string? password = null)
    {
        var uri = new UriBuilder(broker.Uri) { Path = "/" };
        if (password is not null)
            uri.Password = password;
        return uri.Uri.AbsoluteUri;
    }

    private static string Row(string stdout, string check) =>
        stdout.Split('\n').Single(l => l.StartsWith(check + " ", StringComparison.Ordinal)).Trim();

    [Fact]
    public async Task Where_a_worker_runs_the_host_is_ready_and_exits_0()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker, "check-ready");

        var (exit, stdout, stderr) = await CheckAsync(scenario.Host, scenario.HostName, Uri());

        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal("ready", stdout.Trim().Split('\n')[^1]);
        Assert.Matches(@"^exchange brick\.volume-extended\s+ok\s+direct, durable, alternate-exchange: brick\.unrouted, as the contract declares it$",
            Row(stdout, "exchange brick.volume-extended"));
        Assert.Matches(@"^exchange brick\.unrouted\s+ok\s+fanout, durable", Row(stdout, "exchange brick.unrouted"));
        Assert.Matches(@"^exchange brick\.host-volume-resized\s+ok\s+topic, durable", Row(stdout, "exchange brick.host-volume-resized"));
        Assert.Matches(@"^queue brick-worker\.\S+\s+ok\s+0 message\(s\), 1 consumer\(s\)$", Row(stdout, $"queue {EntityNames.WorkerQueue(scenario.HostName)}"));
        // Declared by the worker at start: the target of its queue's dead-lettering.
        Assert.Matches(@"^queue \S+_error\s+ok\s+0 message\(s\), 0 consumer\(s\)$", Row(stdout, $"queue {EntityNames.ErrorQueue(scenario.HostName)}"));
        Assert.Matches(@"^broker\s+ok\s+amqp://\S+ as user 'guest': RabbitMQ \d", Row(stdout, "broker"));
    }

    [Fact]
    public async Task A_host_without_its_queue_is_not_ready_and_the_queue_is_named()
    {
        broker.Require();
        await using (var connection = await broker.ConnectAsync())
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken))
            await RunningWorker.DeclareSharedTopologyAsync(channel, TestContext.Current.CancellationToken);
        await using var host = Brick.Simulation.Hosts.SimulatedHost.Create();
        var hostName = Requests.UniqueHost("check-noqueue");

        var (exit, stdout, _) = await CheckAsync(host, hostName, Uri());

        Assert.Equal(1, exit);
        Assert.Matches(@"^queue \S+\s+fail\s+missing: brick-worker run declares it at its first start", Row(stdout, $"queue {EntityNames.WorkerQueue(hostName)}"));
        Assert.Equal($"not ready: queue {EntityNames.WorkerQueue(hostName)}", stdout.Trim().Split('\n')[^1]);
    }

    [Fact]
    public async Task A_wrong_password_is_not_ready_names_the_user_and_never_prints_the_password()
    {
        broker.Require();
        await using var host = Brick.Simulation.Hosts.SimulatedHost.Create();

        var (exit, stdout, stderr) = await CheckAsync(host, "check-password", Uri(password: "not-the-password"));

        Assert.Equal(1, exit);
        Assert.Matches(@"^broker\s+fail\s+The broker \S+ refused the login of user 'guest': check the user name and password\.$", Row(stdout, "broker"));
        Assert.EndsWith("not ready: broker", stdout.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_is_not_ready_and_named()
    {
        await using var host = Brick.Simulation.Hosts.SimulatedHost.Create();

        var (exit, stdout, _) = await CheckAsync(host, "check-refused", $"amqp://guest:guest@127.0.0.1:{RabbitContainers.FreePort()}/");

        Assert.Equal(1, exit);
        Assert.Matches(@"^broker\s+fail\s+Cannot connect to the broker amqp://127\.0\.0\.1:\d+/%2F: connection refused", Row(stdout, "broker"));
    }
}
