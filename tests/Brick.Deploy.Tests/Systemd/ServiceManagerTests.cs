using System.Text.RegularExpressions;
using Brick.Deploy.Tests.Support;

namespace Brick.Deploy.Tests.Systemd;

/// <summary>
/// The real <c>brick-worker run</c> as systemd runs it (Type=notify): it says READY=1 once started and STOPPING=1 when
/// told to stop, and writes for journald (one event a line, a syslog priority first, no colours).
/// </summary>
public sealed partial class ServiceManagerTests
{
    // No broker answers there: the service starts all the same, and logs warnings while it tries.
    private static readonly string[] Run = ["run", "--simulate", "--host", "notify-test", "--broker", "amqp://127.0.0.1:9/"];

    [Fact]
    public async Task Under_systemd_it_sends_READY_once_started_and_STOPPING_when_it_stops()
    {
        using var systemd = new FakeSystemd();
        await using var worker = WorkerProcess.Start(Run, DeployWorker.Options(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = systemd.NotifySocket }, systemd.Launcher));
        await systemd.WaitForAsync("READY=1", TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(systemd.Messages, m => m.Contains("STOPPING=1", StringComparison.Ordinal));

        await Programs.RunAsync("kill", ["-TERM", $"{systemd.WorkerPid}"], TimeSpan.FromSeconds(10));
        await systemd.WaitForAsync("STOPPING=1", TimeSpan.FromSeconds(45));
    }

    [Fact]
    public async Task Under_systemd_each_event_is_one_line_with_its_syslog_priority_and_no_colours()
    {
        using var systemd = new FakeSystemd();
        await using var worker = WorkerProcess.Start(Run, DeployWorker.Options(new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = systemd.NotifySocket,
            ["JOURNAL_STREAM"] = "0:0",
        }, systemd.Launcher));
        await systemd.WaitForAsync("READY=1", TimeSpan.FromMinutes(1));
        await worker.WaitForLineAsync(@"^<4>", TimeSpan.FromMinutes(1)); // the broker cannot be reached: a warning
        var lines = worker.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.Matches(Priority(), line));
        Assert.DoesNotContain('\u001b', worker.Output);
        Assert.Contains(lines, line => line.StartsWith("<6>", StringComparison.Ordinal)); // information
    }

    [GeneratedRegex(@"^<[0-7]>\S")]
    private static partial Regex Priority();
}
