using Brick.Testing;
using Brick.Worker.Cli;

namespace Brick.Worker.Tests.Cli;

/// <summary><c>brick-worker run</c> with bad settings: every one named, one line each, in the user's words; exit 2.</summary>
public sealed class RunCommandTests
{
    private static async Task<(int Exit, string[] Lines)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await BrickWorkerCli.RunAsync(["run", .. args], TextReader.Null, stdout, stderr);
        return (exit, stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Two_bad_settings_give_one_line_each_naming_the_options_given()
    {
        var (exit, lines) = await RunAsync("--queue-type", "Quorom", "--max-concurrency", "x", "--sys-root", "/", "--dev-root", "/");

        Assert.Equal(2, exit);
        Assert.Equal(
            ["--max-concurrency 'x' is not a whole number.", "--queue-type 'Quorom' is not one of Quorum, Classic."],
            lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_bad_broker_and_host_are_both_named_and_no_password_or_stack_trace_is_printed()
    {
        var (exit, lines) = await RunAsync("--broker", "ftp://admin:s3cret-pw@x/", "--host", "bad host", "--sys-root", "/", "--dev-root", "/");

        Assert.Equal(2, exit);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("--broker has the scheme 'ftp'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("--host 'bad host' is not a host name", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("s3cret-pw", StringComparison.Ordinal) || l.StartsWith("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_option_System_CommandLine_cannot_parse_is_a_usage_error_without_dotnet_types()
    {
        var (exit, lines) = await RunAsync("--simulate", "perhaps");

        Assert.Equal(2, exit);
        Assert.DoesNotContain(lines, l => l.Contains("System.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("9464", "--http '9464' is not ADDRESS:PORT")]
    [InlineData("127.0.0.1:http", "--http '127.0.0.1:http' has port 'http'")]
    [InlineData("::1:9464", "--http '::1:9464' has address '::1'")]
    public async Task An_http_address_that_is_not_address_and_port_is_named_with_its_option(string http, string expected)
    {
        var (exit, lines) = await RunAsync("--http", http, "--sys-root", "/", "--dev-root", "/");

        Assert.Equal(2, exit);
        Assert.StartsWith(expected, Assert.Single(lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_simulate_the_simulated_host_s_bad_settings_are_named_with_the_worker_s_one_line_each()
    {
        // Brick:Simulation is Brick.Simulation's to check; run names its problems with the worker's before anything starts.
        await using var worker = WorkerProcess.Start(["run", "--simulate", "--host", "compute-07", "--queue-type", "Quorom"],
            new WorkerStart
            {
                Settings = new Dictionary<string, string>
                {
                    ["Simulation:Rules:0:Fail"] = "Misrouted",
                    ["Simulation:Volumes:0:Paths"] = "9",
                },
            });

        Assert.Equal(2, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(
        [
            "--queue-type 'Quorom' is not one of Quorum, Classic.",
            "Brick:Simulation:Rules:0:Fail 'Misrouted' is not a fault the simulated host plays (DeviceNotFound, WwidMismatch, RescanTimeout, MultipathResizeFailed, Unsupported).",
            "Brick:Simulation:Volumes:0:Paths is 9; use 1 to 8.",
        ], worker.Lines.Where(l => l.Contains(" is ", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(worker.Lines, l => l.StartsWith("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_settings_of_the_other_commands_in_a_shared_environment_are_keys_run_accepts_and_a_misspelt_one_is_still_named()
    {
        // One environment file for run, blockresize and cinder-bridge: run reads none of the hypervisor's or the bridge's
        // settings, but they are settings; a key close to one of them is a typo, named with the setting it resembles.
        await using var worker = WorkerProcess.Start(["run", "--host", "compute-07", "--queue-type", "Quorom", "--sys-root", "/", "--dev-root", "/"],
            new WorkerStart
            {
                Settings = new Dictionary<string, string>
                {
                    ["QmpDirectory"] = "/run/brick-qmp",
                    ["NotificationsQueue"] = "brick-cinder-bridge",
                    ["HypervisorTimout"] = "00:00:05",
                },
            });

        Assert.Equal(2, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(
        [
            "--queue-type 'Quorom' is not one of Quorum, Classic.",
            "Brick:HypervisorTimout is not a setting (did you mean HypervisorTimeout?).",
        ], worker.Lines.Where(l => l.Contains(" is ", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }
}
