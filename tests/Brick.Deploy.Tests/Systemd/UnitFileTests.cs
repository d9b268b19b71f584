using System.Globalization;
using System.Text.RegularExpressions;
using Brick.Deploy.Tests.Support;

namespace Brick.Deploy.Tests.Systemd;

/// <summary>deploy/systemd/brick-worker.service: what it must say, and what systemd's own tools make of it.</summary>
public sealed partial class UnitFileTests
{
    private const string Name = "brick-worker.service";
    private static readonly string Source = RepositoryRoot.Of("deploy", "systemd", Name);
    private readonly UnitFile _unit = new(Source);

    /// <summary>Options that would break the work or were not tried on a real host; the unit must say why for each.</summary>
    public static TheoryData<string> LeftOut { get; } =
    [
        "ProtectKernelTunables", "PrivateDevices", "DeviceAllow", "ProtectClock", "PrivateNetwork", "IPAddressDeny",
        "PrivateIPC", "User=", "DynamicUser", "PrivateUsers", "SystemCallFilter",
        "MemoryDenyWriteExecute", "ProtectSystem=strict", "ProcSubset",
    ];

    [Fact]
    public void It_is_a_notify_service_restarted_on_failure()
    {
        Assert.Equal("notify", _unit.Get("Service", "Type"));
        Assert.Equal("on-failure", _unit.Get("Service", "Restart"));
        Assert.Equal("/usr/bin/brick-worker run", _unit.Get("Service", "ExecStart"));
        Assert.Equal("multi-user.target", _unit.Get("Install", "WantedBy"));
    }

    [Fact]
    public void Its_settings_and_broker_password_come_from_etc_brick_worker_and_never_from_its_command_line()
    {
        // The worker reads appsettings.json in its working directory.
        Assert.Equal("/etc/brick-worker", _unit.Get("Service", "WorkingDirectory"));
        Assert.Equal("broker-password:/etc/brick-worker/broker-password", _unit.Get("Service", "LoadCredential"));
        Assert.DoesNotContain("broker", _unit.Get("Service", "ExecStart")!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_unit.All("Service", "Environment"), e => e.Contains("Broker", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Sys_stays_writable_and_hardening_is_on()
    {
        Assert.Null(_unit.Get("Service", "ProtectKernelTunables"));
        Assert.Null(_unit.Get("Service", "PrivateDevices"));
        foreach (var option in new[] { "NoNewPrivileges", "ProtectHome", "PrivateTmp", "ProtectKernelModules", "ProtectControlGroups", "RestrictSUIDSGID", "LockPersonality" })
            Assert.True(_unit.Get("Service", option) == "yes", $"{option}=yes is missing");
        Assert.Equal("full", _unit.Get("Service", "ProtectSystem"));
    }

    [Fact]
    public void Root_keeps_only_the_capabilities_the_resize_programs_need()
    {
        var set = (_unit.Get("Service", "CapabilityBoundingSet") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains("CAP_SYS_ADMIN", set);
        Assert.Contains("CAP_IPC_LOCK", set);
        foreach (var never in new[] { "CAP_SYS_MODULE", "CAP_SYS_PTRACE", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_SETUID", "CAP_SETGID", "CAP_SYS_BOOT", "CAP_SYS_TIME", "CAP_BPF", "CAP_SYS_RAWIO" })
            Assert.DoesNotContain(never, set);
        Assert.DoesNotContain(set, c => c.StartsWith('~')); // a list of what is kept, not of what is taken away
    }

    [Theory]
    [MemberData(nameof(LeftOut))]
    public void It_says_why_each_hardening_option_is_left_out(string option)
    {
        // "Key" is not set at all; "Key=value" is not set to that value.
        var key = option.Split('=')[0];
        var value = option.Split('=')[1..] is [var v] && v.Length > 0 ? v : null;
        Assert.True(value is null ? _unit.Get("Service", key) is null : _unit.Get("Service", key) != value, $"{option} is set");
        var why = _unit.Comments.SkipWhile(c => !c.StartsWith("Left out", StringComparison.Ordinal)).ToList();
        Assert.True(why.Any(c => c.Contains(option, StringComparison.Ordinal)), $"the unit does not say why {option} is left out");
    }

    [Fact]
    public async Task Systemd_analyze_verify_accepts_it_with_its_program_in_place()
    {
        RequireSystemdAnalyze();
        using var root = new SystemdRoot();
        File.Copy(Source, root.Unit(Name));
        root.AddProgram("/usr/bin/brick-worker");
        var verify = await root.VerifyAsync(Name);
        Assert.True(verify.ExitCode == 0 && verify.Output.Trim().Length == 0, $"systemd-analyze verify exited {verify.ExitCode}:{Environment.NewLine}{verify.Output}");
    }

    [Fact]
    public async Task Systemd_analyze_verify_refuses_it_without_its_program()
    {
        RequireSystemdAnalyze();
        using var root = new SystemdRoot();
        File.Copy(Source, root.Unit(Name));
        var verify = await root.VerifyAsync(Name);
        Assert.NotEqual(0, verify.ExitCode);
        Assert.Contains("/usr/bin/brick-worker", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Its_exposure_by_systemd_analyze_security_stays_at_6_2_or_lower()
    {
        RequireSystemdAnalyze();
        var security = await Programs.RunAsync("systemd-analyze", ["security", "--offline=true", Source], TimeSpan.FromMinutes(1));
        var level = Exposure().Match(security.Output);
        Assert.True(level.Success, $"no exposure level in:{Environment.NewLine}{security.Output}");
        TestContext.Current.TestOutputHelper?.WriteLine($"systemd-analyze security: {level.Value}");
        Assert.True(decimal.Parse(level.Groups[1].Value, CultureInfo.InvariantCulture) <= 6.2m, level.Value);
    }

    private static void RequireSystemdAnalyze() =>
        Prerequisite.RequireProgram("systemd-analyze", "Debian: apt-get install systemd");

    [GeneratedRegex(@"Overall exposure level for \S+: ([0-9.]+)")]
    private static partial Regex Exposure();
}
