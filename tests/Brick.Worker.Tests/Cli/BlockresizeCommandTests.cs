using Brick.Testing;
using Brick.Worker.Cli;

namespace Brick.Worker.Tests.Cli;

/// <summary><c>brick-worker blockresize</c> with bad settings: one backend or the other, each problem named in the user's words; exit 2.</summary>
public sealed class BlockresizeCommandTests
{
    private static async Task<(int Exit, string[] Lines)> RunAsync(params string[] args)
    {
        var stderr = new StringWriter();
        var exit = await BrickWorkerCli.RunAsync(["blockresize", "--sys-root", "/", "--dev-root", "/", .. args], TextReader.Null, new StringWriter(), stderr);
        return (exit, stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Without_a_backend_it_says_which_two_options_it_needs()
    {
        var (exit, lines) = await RunAsync();

        Assert.Equal(2, exit);
        Assert.Contains(lines, l => l.Contains("--qmp-dir DIR or --libvirt URI", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Both_backends_at_once_are_refused()
    {
        var (exit, lines) = await RunAsync("--qmp-dir", "/", "--libvirt", "qemu:///system");

        Assert.Equal(2, exit);
        Assert.Contains(lines, l => l.Contains("exactly one hypervisor backend", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_qmp_dir_that_is_not_a_directory_and_a_bad_time_limit_are_named_by_their_options()
    {
        var (exit, lines) = await RunAsync("--qmp-dir", "/no/such/dir", "--hypervisor-timeout", "soon");

        Assert.Equal(2, exit);
        Assert.Contains("--qmp-dir '/no/such/dir' is not a directory.", lines);
        Assert.Contains("--hypervisor-timeout 'soon' is not a number of seconds.", lines);
    }

    [Fact]
    public async Task A_libvirt_uri_must_look_like_one()
    {
        var (exit, lines) = await RunAsync("--libvirt", "system");

        Assert.Equal(2, exit);
        Assert.Contains("--libvirt 'system' is not a libvirt URI (e.g. qemu:///system).", lines);
    }

    [Fact]
    public async Task Its_help_shows_the_options_it_uses_and_none_of_the_engine_s_programs_or_time_limit()
    {
        var stdout = new StringWriter();
        var exit = await BrickWorkerCli.RunAsync(["blockresize", "--help"], TextReader.Null, stdout, new StringWriter());
        var help = stdout.ToString();

        Assert.Equal(0, exit);
        foreach (var used in (string[])["--host", "--sys-root", "--dev-root", "--broker", "--max-concurrency", "--simulate", "--http", "--qmp-dir", "--libvirt", "--hypervisor-timeout"])
            Assert.Contains(used, help, StringComparison.Ordinal);
        foreach (var unused in (string[])["--multipathd", "--cryptsetup", "--losetup", "--crypt-key-dir", "--timeout"])
            Assert.DoesNotContain(unused, help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_option_it_does_not_use_is_refused()
    {
        var (exit, lines) = await RunAsync("--qmp-dir", "/", "--multipathd", "/usr/sbin/multipathd");

        Assert.NotEqual(0, exit);
        Assert.Contains(lines, l => l.Contains("--multipathd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Simulate_is_read_as_every_setting_is_so_an_environment_variable_in_any_case_starts_the_stand_in_guest()
    {
        // BRICK__SIMULATE is Brick:Simulate to the settings (keys ignore case), as it is to run; the bad time limit ends it at once.
        await using var worker = WorkerProcess.Start(["blockresize", "--host", "compute-07", "--hypervisor-timeout", "soon"],
            new WorkerStart { Environment = new Dictionary<string, string> { ["BRICK__SIMULATE"] = "true" } });

        Assert.Equal(2, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(worker.Lines, l => l.StartsWith("stand-in hypervisor: guest sim-guest has ", StringComparison.Ordinal));
        Assert.Contains("--hypervisor-timeout 'soon' is not a number of seconds.", worker.Lines);
        Assert.DoesNotContain(worker.Lines, l => l.Contains("--qmp-dir DIR or --libvirt URI", StringComparison.Ordinal));
    }
}
