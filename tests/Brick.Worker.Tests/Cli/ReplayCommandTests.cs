using Brick.Worker.Cli;

namespace Brick.Worker.Tests.Cli;

/// <summary><c>brick-worker replay</c>'s options: what is refused before anything connects, and the one-line broker errors.</summary>
public sealed class ReplayCommandTests
{
    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await BrickWorkerCli.RunAsync(["replay", .. args], new StringReader(""), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("--host", "not a host!", "--host 'not a host!' is not a host name")]
    [InlineData("--volume", "vol 1", "--volume 'vol 1' is not a volume id")]
    [InlineData("--reason", "Sometimes", "--reason 'Sometimes' is not one of InvalidRequest, Misrouted")]
    [InlineData("--older-than", "a while", "--older-than 'a while' is not a duration")]
    [InlineData("--max", "0", "--max must be at least 1.")]
    [InlineData("--output", "yaml", "'yaml'")]
    [InlineData("--broker", "http://localhost/", "--broker has the scheme 'http'")]
    [InlineData("--source", "bad\tqueue", "--source 'bad\tqueue' is neither error, unrouted nor a queue name")]
    public async Task A_bad_option_is_named_and_exits_2_without_connecting(string option, string value, string said)
    {
        string[] args = option == "--host" ? [option, value] : ["--host", "compute-07", option, value];
        if (option != "--broker")
            args = [.. args, "--broker", "amqp://127.0.0.1:1/"];

        var (exit, stdout, stderr) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains(said, stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task The_settings_are_run_s_checked_by_the_one_validator_and_named_by_their_options()
    {
        var (exit, stdout, stderr) = await RunAsync("--host", "compute-07", "--broker", "amqp://127.0.0.1:1/", "--max-concurrency", "0",
            "--sys-root", "/nonexistent/sys");

        Assert.Equal(2, exit);
        Assert.Contains("--max-concurrency is 0; use 1 to 256.", stderr, StringComparison.Ordinal);
        Assert.Contains("--sys-root '/nonexistent/sys' is not a directory.", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Its_output_option_is_its_listing_s_not_the_outcome_format_of_run()
    {
        var (exit, _, stderr) = await RunAsync("--host", "compute-07", "--output", "Envelope");

        Assert.Equal(2, exit);
        Assert.Contains("'Envelope'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_filters_do_not_apply_to_a_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            var (exit, _, stderr) = await RunAsync("--from-file", file, "--reason", "RescanTimeout", "--older-than", "1h", "--source", "unrouted");

            Assert.Equal(2, exit);
            Assert.Contains("--reason does not apply to --from-file", stderr, StringComparison.Ordinal);
            Assert.Contains("--older-than does not apply", stderr, StringComparison.Ordinal);
            Assert.Contains("--source does not apply", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_missing_file_is_named()
    {
        var (exit, _, stderr) = await RunAsync("--from-file", "/nonexistent/events.jsonl");

        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/events.jsonl is not a file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_is_one_line_naming_the_broker_without_its_password_and_exits_1()
    {
        var (exit, stdout, stderr) = await RunAsync("--host", "compute-07", "--broker", "amqp://ops:s3cret@127.0.0.1:1/");

        Assert.Equal(1, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("Cannot connect to the broker amqp://127.0.0.1:1/%2F: connection refused (is RabbitMQ running there, on that port?).", line);
        Assert.DoesNotContain("s3cret", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task A_dry_run_of_a_file_validates_every_line_without_a_broker_and_reports_bad_lines_by_number()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(file,
            [
                """{"volumeId":"vol-1","host":"compute-07","newSizeBytes":21474836480,"requestedAt":"2026-11-25T10:00:00Z","connection":{"driverVolumeType":"local","data":{"device_path":"/dev/loop0"}}}""",
                "",
                """{"volumeId":"vol-2","host":"compute-07"}""",
                "not json",
            ], TestContext.Current.CancellationToken);

            var (exit, stdout, _) = await RunAsync("--from-file", file, "--dry-run", "--output", "json", "--broker", "amqp://127.0.0.1:1/");

            Assert.Equal(1, exit);
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(4, lines.Length);
            Assert.Contains("\"position\":1,\"result\":\"would-move\"", lines[0], StringComparison.Ordinal);
            Assert.Contains("\"position\":3,\"result\":\"invalid\"", lines[1], StringComparison.Ordinal);
            Assert.Contains("\"position\":4,\"result\":\"invalid\"", lines[2], StringComparison.Ordinal);
            Assert.StartsWith("{\"summary\":{\"moved\":0,\"wouldMove\":1,\"skipped\":0,\"left\":2,\"invalid\":2", lines[3], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
