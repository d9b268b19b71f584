using System.Text.Json;
using Brick.Simulation.Hosts;
using Brick.Simulation.StandIns;
using Brick.Worker.Cli;

namespace Brick.Worker.Tests.Cli;

/// <summary>
/// <c>brick-worker check</c> without a broker: bad settings exit 2 before anything is looked at; on a simulated host
/// (its roots and stand-in programs) with a broker that refuses the connection, every row is there, the broker's
/// failed and named, and the exit is 1. Against a real broker: Brick.Worker.IntegrationTests.
/// </summary>
public sealed class CheckCommandTests : IAsyncLifetime
{
    private const string Refused = "amqp://brick:secret-pw@127.0.0.1:1/";
    private readonly SimulatedHost _host = SimulatedHost.Create();

    public ValueTask InitializeAsync()
    {
        _host.AddIscsiVolume(1L << 30);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await BrickWorkerCli.RunAsync(["check", .. args], new StringReader(""), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The options that point the check at the simulated host, then <paramref name="more"/> (which replace those of the same name).</summary>
    private string[] OnTheSimulatedHost(params string[] more)
    {
        var options = new Dictionary<string, string>
        {
            ["--host"] = "compute-07", ["--sys-root"] = _host.Roots.SysRoot, ["--dev-root"] = _host.Roots.DevRoot,
            ["--multipathd"] = _host.Programs.Multipathd, ["--cryptsetup"] = _host.Programs.Cryptsetup, ["--losetup"] = _host.Programs.Losetup,
        };
        for (var i = 0; i < more.Length; i += 2)
            options[more[i]] = more[i + 1];
        return [.. options.SelectMany(o => new[] { o.Key, o.Value })];
    }

    [Theory]
    [InlineData("--broker", "http://localhost/", "--broker has the scheme 'http'")]
    [InlineData("--broker-ca-file", "/nonexistent/ca.pem", "--broker-ca-file '/nonexistent/ca.pem' cannot be read as PEM certificates")]
    [InlineData("--sys-root", "/nonexistent/sys", "--sys-root '/nonexistent/sys' is not a directory.")]
    [InlineData("--multipathd", "multipathd", "--multipathd 'multipathd' is not an absolute path.")]
    [InlineData("--output", "yaml", "'yaml'")]
    public async Task Bad_settings_are_named_and_exit_2_before_anything_is_looked_at(string option, string value, string said)
    {
        string[] args = option == "--broker" ? ["--host", "compute-07", option, value] : ["--host", "compute-07", "--broker", Refused, option, value];

        var (exit, stdout, stderr) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains(said, stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task A_table_has_a_row_per_check_and_says_why_it_is_not_ready()
    {
        var (exit, stdout, _) = await RunAsync(OnTheSimulatedHost("--broker", Refused));

        Assert.Equal(1, exit);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^CHECK\s+STATUS\s+DETAIL$", lines[0]);
        Assert.Matches($@"^roots\s+ok\s+{_host.Roots.SysRoot} and {_host.Roots.DevRoot} readable$", lines[1]);
        Assert.Matches($@"^program multipathd\s+ok\s+{_host.Programs.Multipathd}: multipathd v0\.9\.4 \(simulated\)$", lines[2]);
        Assert.Matches(@"^program cryptsetup\s+ok\s+.*: cryptsetup 2\.6\.1 \(simulated\)$", lines[3]);
        Assert.Matches(@"^program losetup\s+ok\s+.*: losetup from util-linux 2\.38\.1 \(simulated\)$", lines[4]);
        Assert.Matches(@"^multipathd daemon\s+ok\s+multipathd answers: pid \d+ idle$", lines[5]);
        Assert.Matches(@"^broker\s+fail\s+Cannot connect to the broker amqp://127\.0\.0\.1:1/%2F: connection refused", lines[6]);
        foreach (var entity in new[] { "exchange brick.volume-extended", "exchange brick.unrouted", "exchange brick.host-volume-resized",
                     "exchange brick.host-volume-resize-failed", "queue brick.unrouted", "queue brick-worker.compute-07", "queue brick-worker.compute-07_error",
                     "queue brick.worker-dead-letter" })
            Assert.Contains(lines, l => l.StartsWith(entity + " ", StringComparison.Ordinal) && l.Contains(" skip ", StringComparison.Ordinal));
        Assert.Equal("not ready: broker", lines[^1]);
    }

    [Fact]
    public async Task Json_is_one_object_with_every_check_its_status_and_detail()
    {
        var (exit, stdout, _) = await RunAsync(OnTheSimulatedHost("--broker", Refused, "--output", "json"));

        Assert.Equal(1, exit);
        using var report = JsonDocument.Parse(Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.False(report.RootElement.GetProperty("ready").GetBoolean());
        var checks = report.RootElement.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(14, checks.Count);
        Assert.All(checks, c => Assert.Contains(c.GetProperty("status").GetString(), new[] { "ok", "warn", "fail", "skip" }));
        Assert.All(checks, c => Assert.False(string.IsNullOrEmpty(c.GetProperty("detail").GetString())));
        var broker = Assert.Single(checks, c => c.GetProperty("check").GetString() == "broker");
        Assert.Equal("fail", broker.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_password_is_never_printed()
    {
        var (_, stdout, stderr) = await RunAsync(OnTheSimulatedHost("--broker", Refused));
        var (_, json, jsonErrors) = await RunAsync(OnTheSimulatedHost("--broker", Refused, "--output", "json"));

        Assert.DoesNotContain("secret-pw", stdout + stderr + json + jsonErrors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_program_fails_its_row_naming_its_setting()
    {
        var (exit, stdout, _) = await RunAsync(OnTheSimulatedHost("--broker", Refused, "--cryptsetup", "/nonexistent/cryptsetup"));

        Assert.Equal(1, exit);
        Assert.Matches(@"(?m)^program cryptsetup\s+fail\s+/nonexistent/cryptsetup not found: install it, or set Brick:Cryptsetup to where it is\s*$", stdout);
        Assert.EndsWith("not ready: program cryptsetup, broker", stdout.TrimEnd(), StringComparison.Ordinal);
    }
}
