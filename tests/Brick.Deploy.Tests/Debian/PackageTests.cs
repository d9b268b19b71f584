using Brick.Deploy.Tests.Support;
using Brick.Deploy.Tests.Systemd;

namespace Brick.Deploy.Tests.Debian;

/// <summary>
/// deploy/debian/build-deb.sh: what the package holds, its unit verified with its own program, and a life cycle
/// (dpkg -i, run, dpkg -r, dpkg -P) in a Debian container, so that this machine's own system is left alone.
/// </summary>
public sealed class PackageTests
{
    [Fact]
    public async Task It_is_named_for_its_version_and_holds_the_program_its_link_the_unit_and_the_settings()
    {
        var package = await DebianPackage.PathAsync();
        Assert.Equal("brick-worker", await DebianPackage.FieldAsync("Package"));
        Assert.Equal(DebianPackage.Version, await DebianPackage.FieldAsync("Version"));
        var depends = (await DebianPackage.FieldAsync("Depends")).Split(',', StringSplitOptions.TrimEntries);
        foreach (var tool in new[] { "multipath-tools", "cryptsetup-bin", "mount" })
            Assert.Contains(tool, depends);

        var contents = (await Programs.RunAsync("dpkg-deb", ["--contents", package], TimeSpan.FromSeconds(30))).Succeeded().Stdout;
        foreach (var file in new[] { "./usr/lib/brick-worker/brick-worker", "./usr/lib/brick-worker/appsettings.json",
                     "./usr/lib/systemd/system/brick-worker.service", "./etc/brick-worker/appsettings.json" })
            Assert.Contains($" {file}\n", contents, StringComparison.Ordinal);
        Assert.Contains("./usr/bin/brick-worker -> ../lib/brick-worker/brick-worker", contents, StringComparison.Ordinal);
        var conffiles = (await Programs.RunAsync("dpkg-deb", ["--info", package, "conffiles"], TimeSpan.FromSeconds(30))).Succeeded().Stdout;
        Assert.Equal("/etc/brick-worker/appsettings.json", conffiles.Trim());
    }

    [Fact]
    public async Task Its_unit_verifies_with_systemd_analyze_beside_its_own_program()
    {
        var package = await DebianPackage.PathAsync();
        Prerequisite.RequireProgram("systemd-analyze", "Debian: apt-get install systemd");
        using var root = new SystemdRoot();
        (await Programs.RunAsync("dpkg-deb", ["-x", package, root.Path], TimeSpan.FromMinutes(1))).Succeeded();
        var verify = await root.VerifyAsync("brick-worker.service");
        Assert.True(verify.ExitCode == 0 && verify.Output.Trim().Length == 0, $"systemd-analyze verify exited {verify.ExitCode}:{Environment.NewLine}{verify.Output}");
    }

    [Fact]
    public async Task It_installs_with_dpkg_answers_its_version_and_removes_and_purges_cleanly()
    {
        var package = await DebianPackage.PathAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var host = await DebianHost.StartAsync(package);
        await host.InstallAsync();
        Timing.Report($"Debian container: Depends and dpkg -i installed in {clock.Elapsed.TotalSeconds:F0} s");

        Assert.Equal(DeployImages.Version, (await host.ShAsync("brick-worker --version")).Trim());
        Assert.Equal("/usr/lib/brick-worker/brick-worker", (await host.ShAsync("readlink -f /usr/bin/brick-worker")).Trim());
        Assert.Contains("/etc/brick-worker/appsettings.json", await host.ShAsync("dpkg-query -W -f='${Conffiles}' brick-worker"), StringComparison.Ordinal);
        // The packaged settings are valid: `run` gets past its settings check (exit 2 would name a bad setting) and starts.
        var run = await host.ShAsync("cd /etc/brick-worker && timeout -s TERM 10 brick-worker run --host deb-test; echo exit=$?");
        Assert.DoesNotContain("Invalid settings", run, StringComparison.Ordinal);
        Assert.Contains("Application started", run, StringComparison.Ordinal);

        await host.ShAsync("echo secret > /etc/brick-worker/broker-password && dpkg -r brick-worker");
        Assert.Equal("gone", (await host.ShAsync("test -e /usr/lib/brick-worker || test -e /usr/bin/brick-worker || test -e /usr/lib/systemd/system/brick-worker.service || echo gone")).Trim());
        Assert.Equal("kept", (await host.ShAsync("test -f /etc/brick-worker/appsettings.json && echo kept")).Trim());

        await host.ShAsync("dpkg -P brick-worker");
        Assert.Equal("purged", (await host.ShAsync("test -e /etc/brick-worker || dpkg -s brick-worker >/dev/null 2>&1 || echo purged")).Trim());
    }

    [Fact]
    public async Task Its_check_command_runs_from_the_package_with_the_packaged_settings()
    {
        var package = await DebianPackage.PathAsync();
        await using var host = await DebianHost.StartAsync(package);
        await host.InstallAsync();

        // No broker in the container: not ready (1), the settings valid (not 2), the programs the package depends on
        // found, and the table names the broker as what is missing (multipathd, not running, fails too where the
        // machine's /sys shows multipath maps).
        var check = await host.ShAsync("cd /etc/brick-worker && brick-worker check; echo exit=$?");

        Assert.Contains("exit=1", check, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^roots\s+ok\s+/sys and /dev readable$", check);
        foreach (var program in new[] { "multipathd", "cryptsetup", "losetup" })
            Assert.Matches($@"(?m)^program {program}\s+ok\s+/", check);
        Assert.Matches(@"(?m)^broker\s+fail\s+Cannot connect to the broker amqp://localhost:5672/%2F: connection refused", check);
        Assert.Matches(@"(?m)^not ready: (.*, )?broker$", check);
    }
}
