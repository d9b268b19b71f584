using System.Text.Json;
using Brick.Contracts;
using Brick.Worker.Cli;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Replay;

/// <summary><c>brick-worker replay</c> as operators type it, against a real broker: its output, its files and its one-line errors.</summary>
public sealed class ReplayCommandBrokerTests(BrokerFixture broker)
{
    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await BrickWorkerCli.RunAsync(["replay", .. args], new StringReader(""), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string Uri(string? user = null, string? password = null, string? vhost = null)
    {
        var uri = new UriBuilder(broker.Uri) { Path = vhost ?? "/" };
        if (user is not null)
            (uri.UserName, uri.Password) = (user, password);
        return uri.Uri.AbsoluteUri;
    }

    [Fact]
    public async Task A_host_without_an_error_queue_is_an_empty_replay_that_says_why_and_exits_0()
    {
        // No failure was ever moved there, so MassTransit never declared it: nothing to replay, and nothing wrong.
        broker.Require();
        var host = Requests.UniqueHost("noqueue");
        var queues = new ReplayQueues(broker.Uri);
        await queues.DeclareWorkerQueueAsync(host);
        try
        {
            var (exit, stdout, stderr) = await RunAsync("--host", host, "--broker", Uri());

            Assert.Equal(0, exit);
            Assert.Equal(
                $"Host {host} has no error queue on {Redacted()} (brick-worker.{host}_error): no failure was ever moved there. Nothing to replay.",
                stderr.Trim());
            Assert.Equal("moved 0, skipped 0, left 0", stdout.Trim());
        }
        finally
        {
            await queues.DeleteAsync(EntityNames.WorkerQueue(host));
        }
    }

    [Fact]
    public async Task A_host_with_neither_a_worker_queue_nor_an_error_queue_is_one_line_and_exit_1()
    {
        // A host name mistyped, or another virtual host: not a host that never failed.
        broker.Require();
        var host = Requests.UniqueHost("nohost");

        var (exit, stdout, stderr) = await RunAsync("--host", host, "--broker", Uri());

        Assert.Equal(1, exit);
        Assert.Equal(
            $"Neither brick-worker.{host} nor its error queue exists on {Redacted()}: no worker of host {host} has consumed there (is --host right?). Nothing to replay.",
            stderr.Trim());
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task A_missing_queue_named_outright_is_one_line_and_exit_1()
    {
        broker.Require();
        var queue = Requests.UniqueHost("parked");

        var (exit, stdout, stderr) = await RunAsync("--host", "compute-07", "--source", queue, "--broker", Uri());

        Assert.Equal(1, exit);
        Assert.Equal($"The queue {queue} does not exist on {Redacted()}: nothing to replay.", stderr.Trim());
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Bad_credentials_are_one_line_that_names_the_user_and_never_the_password()
    {
        broker.Require();

        var (exit, _, stderr) = await RunAsync("--host", "compute-07", "--broker", Uri("guest", "not-the-password"));

        Assert.Equal(1, exit);
        Assert.Equal($"The broker {Redacted()} refused the login of user 'guest': check the user name and password.", stderr.Trim());
        Assert.DoesNotContain("not-the-password", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_lists_each_message_and_ends_with_the_counts()
    {
        broker.Require();
        var host = Requests.UniqueHost("table");
        var queues = new ReplayQueues(broker.Uri);
        await queues.DeclareAsync(EntityNames.ErrorQueue(host), quorum: false);
        await queues.DeclareWorkerQueueAsync(host);
        var volume = Requests.UniqueVolume();
        await queues.PutAsync(EntityNames.ErrorQueue(host),
        [
            (Requests.Local(volume, host, 0, 2 * GiB), ReplayQueues.FailureHeaders(ResizeFailureReason.RescanTimeout, DateTimeOffset.UtcNow.AddHours(-2))),
            ("[]"u8.ToArray(), ReplayQueues.FailureHeaders(ResizeFailureReason.InvalidRequest)),
        ]);

        var (exit, stdout, _) = await RunAsync("--host", host, "--broker", Uri(), "--dry-run");

        Assert.Equal(0, exit);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^RESULT\s+VOLUME\s+HOST\s+REASON\s+SIZE\s+AGE\s+REPLAYED\s+DETAIL$", lines[0]);
        Assert.Matches($@"^would-move\s+{volume}\s+{host}\s+RescanTimeout\s+2G\s+2h00m\s+0$", lines[1]);
        Assert.Matches(@"^invalid\s+-\s+-\s+InvalidRequest\s+-\s+\S+\s+0\s+The body is not a JSON object\.$", lines[2]);
        Assert.Equal("dry run, nothing moved: would move 1, skipped 0, left 1 (1 invalid, 0 without a worker queue, 0 refused)", lines[3]);
        Assert.Equal(2u, await queues.CountAsync(EntityNames.ErrorQueue(host)));
        await queues.DeleteAsync(EntityNames.ErrorQueue(host), EntityNames.WorkerQueue(host));
    }

    [Fact]
    public async Task A_file_publishes_its_good_lines_to_their_hosts_and_reports_each_bad_line_by_number_with_exit_1()
    {
        broker.Require();
        var host = Requests.UniqueHost("file");
        var queues = new ReplayQueues(broker.Uri);
        await queues.DeclareWorkerQueueAsync(host);
        var first = Requests.UniqueVolume();
        var second = Requests.UniqueVolume();
        var file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file,
        [
            JsonSerializer.Serialize(Requests.Local(first, host, 0, 2 * GiB)),
            """{"volumeId":"vol-bad","host":"HOST","newSizeBytes":1000}""".Replace("HOST", host, StringComparison.Ordinal),
            "",
            JsonSerializer.Serialize(Requests.Local(second, host, 1, 4 * GiB)),
            "{not json",
        ], TestContext.Current.CancellationToken);

        try
        {
            var (exit, stdout, _) = await RunAsync("--from-file", file, "--broker", Uri(), "--output", "json");

            Assert.Equal(1, exit);
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal([(1, "moved"), (2, "invalid"), (4, "moved"), (5, "invalid")],
                lines.SkipLast(1).Select(l => (l.GetProperty("position").GetInt32(), l.GetProperty("result").GetString())));
            Assert.Contains("multiple of 512", lines[1].GetProperty("detail").GetString(), StringComparison.Ordinal);
            var summary = lines[^1].GetProperty("summary");
            Assert.Equal((2, 2), (summary.GetProperty("moved").GetInt32(), summary.GetProperty("invalid").GetInt32()));

            var published = await queues.TakeAllAsync(EntityNames.WorkerQueue(host));
            Assert.Equal([first, second], published.Select(m => JsonDocument.Parse(m.Body).RootElement.GetProperty("volumeId").GetString()));
            Assert.All(published, m => Assert.Equal("application/json", m.ContentType));
            Assert.Equal([$"file:{Path.GetFileName(file)}:1", $"file:{Path.GetFileName(file)}:4"], published.Select(m => m.Header("brick-replayed-from")));
        }
        finally
        {
            File.Delete(file);
            await queues.DeleteAsync(EntityNames.WorkerQueue(host));
        }
    }

    private string Redacted() => $"amqp://{broker.Uri.Host}:{broker.Uri.Port}/%2F";
}
