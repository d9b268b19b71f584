using Brick.Worker.Cli;
using Brick.Worker.Service;
using Microsoft.Extensions.Configuration;

namespace Brick.Worker.Tests.Service;

/// <summary>Settings of <c>brick-worker run</c>: each bad one named with its key, strongest source wins, no stack trace.</summary>
public sealed class SettingsTests
{
    private static WorkerOptions Load(params (string Key, string Value)[] settings) =>
        SettingsLoader.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void Defaults_are_a_quorum_queue_envelopes_and_the_local_broker()
    {
        var options = Load(("Brick:SysRoot", "/"), ("Brick:DevRoot", "/"));
        Assert.Equal(QueueKind.Quorum, options.QueueType);
        Assert.Equal(OutputFormat.Envelope, options.Output);
        Assert.Equal("amqp://localhost:5672/", options.Broker);
        Assert.Equal(Environment.MachineName, options.Host);
    }

    [Fact]
    public void Every_bad_setting_is_named_with_its_key()
    {
        var e = Assert.Throws<SettingsException>(() => Load(
            ("Brick:Host", "not a host"), ("Brick:Broker", "http://rabbit/"), ("Brick:MaxConcurrency", "0"),
            ("Brick:SysRoot", "/nonexistent-sys"), ("Brick:RetryMaxDelay", "00:00:00.001")));
        Assert.Contains(e.Problems, p => p.StartsWith("Brick:Host ", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("Brick:Broker ", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("Brick:MaxConcurrency ", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("Brick:SysRoot ", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("Brick:RetryMaxDelay ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_misspelt_key_is_an_error_not_ignored()
    {
        var e = Assert.Throws<SettingsException>(() => Load(("Brick:Hots", "compute-07")));
        Assert.Contains("Hots", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_does_not_convert_is_named()
    {
        var e = Assert.Throws<SettingsException>(() => Load(("Brick:MaxConcurrency", "many")));
        Assert.Contains("MaxConcurrency", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_in_a_bad_broker_uri_is_never_repeated()
    {
        var e = Assert.Throws<SettingsException>(() => Load(("Brick:Broker", "http://admin:s3cret-pw@rabbit/")));
        Assert.DoesNotContain("s3cret-pw", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_with_bad_settings_exits_2_with_one_line_per_problem_and_no_stack_trace()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await BrickWorkerCli.RunAsync(["run", "--broker", "ftp://x/", "--host", "bad host", "--sys-root", "/", "--dev-root", "/"],
            TextReader.Null, stdout, stderr);
        Assert.Equal(2, code);
        Assert.Contains("Brick:Broker", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("Brick:Host", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr.ToString(), StringComparison.Ordinal);
    }
}
