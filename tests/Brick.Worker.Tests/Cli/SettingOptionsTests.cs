using Brick.Worker.Cli;

namespace Brick.Worker.Tests.Cli;

/// <summary>The options that set settings, as docs/worker-service.md's settings table lists them.</summary>
public sealed class SettingOptionsTests
{
    [Fact]
    public void Every_option_is_in_the_docs_row_of_the_setting_it_sets()
    {
        var rows = DocsRows();

        foreach (var (option, setting) in AllOptions())
        {
            Assert.True(rows.TryGetValue(setting, out var row), $"docs/worker-service.md has no row for {setting}");
            Assert.True(row.Contains($"`{option.Name}`", StringComparison.Ordinal), $"the docs row of {setting} does not name {option.Name}: {row}");
        }
    }

    [Fact]
    public void Every_option_the_docs_name_exists()
    {
        var options = AllOptions().Select(o => (o.Option.Name, o.Setting)).ToList();

        foreach (var (setting, row) in DocsRows())
        {
            var cell = row.Split('|', StringSplitOptions.TrimEntries)[2];
            if (cell.Length > 0)
                Assert.Contains((cell.Split('`')[1], setting), options);
        }
    }

    [Fact]
    public void Extend_takes_the_engine_s_options_and_run_adds_the_service_s()
    {
        var engine = SettingOptions.ForEngine().Options.Select(o => o.Option.Name).ToList();
        var service = SettingOptions.ForService().Options.Select(o => o.Option.Name).ToList();

        Assert.Equal(["--host", "--sys-root", "--dev-root", "--multipathd", "--cryptsetup", "--losetup", "--crypt-key-dir", "--timeout"], engine);
        Assert.Equal(engine, service.Take(engine.Count));
        Assert.Equal(["--broker", "--broker-password-file", "--broker-ca-file", "--queue-type", "--error-queue-type", "--output", "--log-format", "--max-concurrency", "--simulate", "--http"],
            service.Skip(engine.Count));
    }

    [Fact]
    public void Blockresize_takes_run_s_options_but_the_engine_s_programs_and_time_limit_and_adds_the_hypervisor_s()
    {
        var blockresize = SettingOptions.ForBlockresize().Options.Select(o => o.Option.Name).ToList();

        Assert.Equal(["--host", "--sys-root", "--dev-root", "--broker", "--broker-password-file", "--broker-ca-file", "--queue-type", "--error-queue-type", "--output", "--log-format",
            "--max-concurrency", "--simulate", "--http", "--qmp-dir", "--libvirt", "--virsh", "--hypervisor-timeout"], blockresize);
    }

    [Fact]
    public void Cinder_bridge_takes_run_s_broker_and_service_options_and_adds_its_own()
    {
        var bridge = SettingOptions.ForCinderBridge().Options.Select(o => o.Option.Name).ToList();

        Assert.Equal(["--host", "--broker", "--broker-password-file", "--broker-ca-file", "--queue-type", "--error-queue-type", "--output", "--log-format", "--max-concurrency", "--http",
            "--notifications-broker", "--notifications-broker-password-file", "--exchange", "--topic", "--queue", "--include-instance-attachments"], bridge);
    }

    [Fact]
    public void Decommission_takes_the_host_and_the_broker_s_options_only()
    {
        var decommission = SettingOptions.ForDecommission().Options.Select(o => o.Option.Name).ToList();

        Assert.Equal(["--host", "--broker", "--broker-password-file", "--broker-ca-file", "--log-format"], decommission);
    }

    private static IEnumerable<(System.CommandLine.Option Option, string Setting)> AllOptions() =>
        SettingOptions.ForService().Options.Concat(SettingOptions.ForBlockresize().Options).Concat(SettingOptions.ForCinderBridge().Options).Distinct();

    private static Dictionary<string, string> DocsRows()
    {
        var lines = File.ReadAllLines(Docs());
        var start = Array.IndexOf(lines, "## Settings");
        return lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2)
            .ToDictionary(l => l.Split('`')[1], l => l, StringComparer.Ordinal);
    }

    private static string Docs() => Brick.Testing.RepositoryRoot.Of("docs", "worker-service.md");
}
