using Brick.Testing;

namespace Brick.Contracts.Tests.Deploy;

/// <summary>
/// The example alert rules, deploy/prometheus/alerts.yml, checked and unit-tested by Prometheus' promtool
/// (alerts.test.yml feeds each alert the series that should raise it). CI installs promtool (.ci/setup.d/30-promtool.sh);
/// elsewhere, without it, the test skips and says why.
/// </summary>
public sealed class AlertRulesTests
{
    private static readonly string Rules = RepositoryRoot.Of("deploy", "prometheus", "alerts.yml");

    [Fact]
    public async Task The_alert_rules_are_valid_Prometheus_rules()
    {
        var promtool = RequirePromtool();

        var (exit, output) = await RunAsync(promtool, "check", "rules", Rules);

        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS: 5 rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_alert_fires_on_the_series_that_should_raise_it_and_only_on_them()
    {
        var promtool = RequirePromtool();

        var (exit, output) = await RunAsync(promtool, "test", "rules", Path.Combine(Path.GetDirectoryName(Rules)!, "alerts.test.yml"));

        Assert.True(exit == 0, output);
    }

    [Fact]
    public void The_rules_read_the_worker_metrics_by_their_Prometheus_names()
    {
        var rules = File.ReadAllText(Rules);

        foreach (var name in new[]
                 {
                     "brick_worker_requests_total", "brick_worker_operations_active", "brick_worker_operation_duration_seconds_count",
                     "rabbitmq_queue_messages_ready",
                 })
            Assert.Contains(name, rules, StringComparison.Ordinal);
    }

    private static string RequirePromtool()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "promtool"))
            .FirstOrDefault(File.Exists);
        Prerequisite.Require(found is not null, "promtool is not installed (Debian: apt-get install prometheus; CI installs it in .ci/setup.d/30-promtool.sh)");
        return found;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, params string[] arguments)
    {
        var result = await Programs.RunAsync(program, arguments, TimeSpan.FromSeconds(60));
        return (result.ExitCode, result.Output);
    }
}
