using Brick.Contracts;
using Brick.Simulation.Hosts;
using Brick.Simulation.StandIns;
using Brick.Worker.Cli;
using Brick.Worker.IntegrationTests.Replay;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Health;

/// <summary><c>brick-worker check</c> against a real broker: ready where a worker has run, and each way it is not, named.</summary>
public sealed class CheckCommandBrokerTests(BrokerFixture broker)
{
    private static async Task<(int Exit, string Stdout, string Stderr)> CheckAsync(Brick.Simulation.Hosts.SimulatedHost host, string hostName, string brokerUri,
        string? errorQueueType = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await BrickWorkerCli.RunAsync(
        [
            "check", "--host", hostName, "--broker", brokerUri, "--sys-root", host.Roots.SysRoot, "--dev-root", host.Roots.DevRoot,
            "--multipathd", host.Programs.Multipathd, "--cryptsetup", host.Programs.Cryptsetup, "--losetup", host.Programs.Losetup,
            .. errorQueueType is null ? Array.Empty<string>() : ["--error-queue-type", errorQueueType],
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
        // Not declared at start: MassTransit declares it with the first failure the worker moves there.
        Assert.Matches(@"^queue \S+_error\s+ok\s+none yet: no failure moved there \(the worker declares it with the first one\)$",
            Row(stdout, $"queue {EntityNames.ErrorQueue(scenario.HostName)}"));
        // The fleet's, from deploy/rabbitmq/definitions.json, which this broker may or may not have: ready either way.
        Assert.Matches(@"^queue brick\.worker-dead-letter\s+(ok\s+\d+ message\(s\), \d+ consumer\(s\) \(every host's dead letters\)|warn\s+missing: import deploy/rabbitmq/definitions\.json)",
            Row(stdout, "queue brick.worker-dead-letter"));
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
    public async Task A_host_whose_worker_moved_a_failure_lists_its_error_queue_with_the_count_as_a_warning()
    {
        broker.Require();
        await using var host = Brick.Simulation.Hosts.SimulatedHost.Create();
        var hostName = Requests.UniqueHost("check-errors");
        var queues = new ReplayQueues(broker.Uri);
        await queues.DeclareAsync(EntityNames.ErrorQueue(hostName), quorum: false);
        try
        {
            await queues.PutAsync(EntityNames.ErrorQueue(hostName),
                [(Requests.Local(Requests.UniqueVolume(), hostName, 0, 2 * GiB), ReplayQueues.FailureHeaders(ResizeFailureReason.RescanTimeout))]);

            var (_, stdout, _) = await CheckAsync(host, hostName, Uri());

            Assert.Matches(@"^queue \S+_error\s+warn\s+1 message\(s\), 0 consumer\(s\): failed \(brick-worker replay --dry-run lists them\)$",
                Row(stdout, $"queue {EntityNames.ErrorQueue(hostName)}"));
        }
        finally
        {
            await queues.DeleteAsync(EntityNames.ErrorQueue(hostName));
        }
    }

    [Fact]
    public async Task An_error_queue_of_another_type_than_the_workers_is_a_warning_that_names_both_types_and_the_fix()
    {
        broker.Require();
        await using var host = Brick.Simulation.Hosts.SimulatedHost.Create();
        var hostName = Requests.UniqueHost("check-errtype");
        var queues = new ReplayQueues(broker.Uri);
        await queues.DeclareAsync(EntityNames.ErrorQueue(hostName), quorum: true); // as an earlier version made it
        try
        {
            var (_, stdout, _) = await CheckAsync(host, hostName, Uri());
            var (_, quorumStdout, _) = await CheckAsync(host, hostName, Uri(), errorQueueType: "Quorum");

            Assert.Matches(@"^queue \S+_error\s+warn\s+0 message\(s\), 0 consumer\(s\); it is a quorum queue and this worker's ErrorQueueType is Classic: " +
                @"a failure cannot be moved there \(set --error-queue-type Quorum, or empty and delete it: docs/wire-contract\.md, migrating from quorum error queues\)$",
                Row(stdout, $"queue {EntityNames.ErrorQueue(hostName)}"));
            Assert.Matches(@"^queue \S+_error\s+ok\s+0 message\(s\), 0 consumer\(s\)$", Row(quorumStdout, $"queue {EntityNames.ErrorQueue(hostName)}"));
        }
        finally
        {
            await queues.DeleteAsync(EntityNames.ErrorQueue(hostName));
        }
    }

    [Fact]
    public async Task An_error_queue_this_user_may_not_configure_is_a_warning_that_its_type_was_not_checked()
    {
        broker.Require();
        await using var host = Brick.Simulation.Hosts.SimulatedHost.Create();
        var hostName = Requests.UniqueHost("check-errperm");
        var queues = new ReplayQueues(broker.Uri);
        await queues.DeclareAsync(EntityNames.ErrorQueue(hostName), quorum: true);
        await using var user = await BrokerUser.CreateAsync(broker, "errperm");
        await user.AllowConfigureAsync("^(?!.*_error$).*");
        try
        {
            var (_, stdout, _) = await CheckAsync(host, hostName, user.Uri.AbsoluteUri);

            Assert.Matches(@"^queue \S+_error\s+warn\s+0 message\(s\), 0 consumer\(s\); type not checked: this broker user may not configure it$",
                Row(stdout, $"queue {EntityNames.ErrorQueue(hostName)}"));
        }
        finally
        {
            await queues.DeleteAsync(EntityNames.ErrorQueue(hostName));
        }
    }

    [Fact]
    public async Task The_fleets_dead_letter_queue_is_a_row_counting_every_hosts_dead_letters()
    {
        await using var fleet = await FleetDeadLetters.CreateAsync(broker, "check-dl");
        await using var host = Brick.Simulation.Hosts.SimulatedHost.Create();
        var hostName = Requests.UniqueHost("check-dl");
        var other = Requests.UniqueHost("check-dl-other");
        await fleet.DeadLetterAsync(hostName, Requests.Local(Requests.UniqueVolume(), hostName, 0, 2 * GiB));
        await fleet.DeadLetterAsync(other, Requests.Local(Requests.UniqueVolume(), other, 0, 2 * GiB));

        var (exit, stdout, stderr) = await CheckAsync(host, hostName, fleet.Uri.AbsoluteUri);

        // Dead letters waiting are no warning about this host: they are the fleet's (replay --source dead-letter --host picks its own).
        Assert.Matches(@"^queue brick\.worker-dead-letter\s+ok\s+2 message\(s\), 0 consumer\(s\) \(every host's dead letters\): " +
            @"dead-lettered past the broker's delivery limit \(brick-worker replay --source dead-letter --dry-run lists them\)$",
            Row(stdout, "queue brick.worker-dead-letter"));
        Assert.True(exit == 0, stdout + stderr);
    }

    [Fact]
    public async Task A_broker_without_the_fleets_dead_letter_queue_warns_to_import_the_definitions_and_is_still_ready()
    {
        await using var fleet = await FleetDeadLetters.CreateAsync(broker, "check-nodl", imported: false);
        await using var host = Brick.Simulation.Hosts.SimulatedHost.Create();
        var hostName = Requests.UniqueHost("check-nodl");
        await fleet.Queues.DeclareWorkerQueueAsync(hostName); // and the contract's exchanges: everything run needs

        var (exit, stdout, stderr) = await CheckAsync(host, hostName, fleet.Uri.AbsoluteUri);

        Assert.Matches(@"^queue brick\.worker-dead-letter\s+warn\s+missing: import deploy/rabbitmq/definitions\.json \(without it a message past the broker's delivery limit has no queue to go to\)$",
            Row(stdout, "queue brick.worker-dead-letter"));
        Assert.Matches(@"^queue \S+_error\s+ok\s+none yet: no failure moved there", Row(stdout, $"queue {EntityNames.ErrorQueue(hostName)}"));
        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal("ready", stdout.Trim().Split('\n')[^1]);
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
