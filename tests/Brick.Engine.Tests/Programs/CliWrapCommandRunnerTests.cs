using System.Diagnostics;
using Brick.Engine.Programs;
using Brick.Engine.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brick.Engine.Tests.Programs;

[Collection(ProcessWideState.Name)]
public sealed class CliWrapCommandRunnerTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("brick-cmd-");
    private readonly CliWrapCommandRunner _runner = new(NullLogger<CliWrapCommandRunner>.Instance);

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task I_can_run_a_program_with_an_argument_array_that_no_shell_interprets()
    {
        var script = Scripts.Write(_dir, "echo-args", "printf '%s\\n' \"$@\"");

        var result = await _runner.RunAsync(
            new CommandSpec(script, ["resize", "map", "/dev/dm-0; reboot", "$(id)"], TimeSpan.FromSeconds(10)), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal(["resize", "map", "/dev/dm-0; reboot", "$(id)"], result.StandardOutput.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task A_program_inherits_neither_the_workers_settings_nor_its_credentials_directory()
    {
        var secret = $"amqp://brick:pw-{Guid.NewGuid():N}@broker/";
        var names = new[] { $"Brick__Broker_{Guid.NewGuid():N}", $"BRICK__TEST_{Guid.NewGuid():N}" };
        foreach (var name in names)
            Environment.SetEnvironmentVariable(name, secret);
        try
        {
            var result = await _runner.RunAsync(new CommandSpec("/usr/bin/env", [], TimeSpan.FromSeconds(10)), TestContext.Current.CancellationToken);

            Assert.True(result.Succeeded, result.Describe());
            Assert.Contains("PATH=", result.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var name in names)
                Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public async Task I_can_read_the_exit_code_and_stderr_of_a_failing_program()
    {
        var script = Scripts.Write(_dir, "fails", "echo 'No key available' >&2; exit 2");

        var result = await _runner.RunAsync(new CommandSpec(script, [], TimeSpan.FromSeconds(10)), TestContext.Current.CancellationToken);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("exited 2: No key available", result.Describe());
    }

    [Fact]
    public async Task A_program_that_hangs_is_killed_at_its_time_limit()
    {
        var script = Scripts.Write(_dir, "hangs", "exec sleep 60");
        var clock = Stopwatch.StartNew();

        var result = await _runner.RunAsync(new CommandSpec(script, [], TimeSpan.FromMilliseconds(300)), TestContext.Current.CancellationToken);

        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_program_that_does_not_exist_is_a_failed_result_not_a_crash()
    {
        var result = await _runner.RunAsync(
            new CommandSpec(Path.Combine(_dir.FullName, "missing"), [], TimeSpan.FromSeconds(5)), TestContext.Current.CancellationToken);

        Assert.Equal(-1, result.ExitCode);
        Assert.Contains("could not start", result.StandardError);
    }

    [Fact]
    public async Task Output_beyond_64_KiB_per_stream_is_read_and_dropped_and_the_cut_is_said()
    {
        var script = Scripts.Write(_dir, "floods", "head -c 3000000 /dev/zero | tr '\\0' o; head -c 200000 /dev/zero | tr '\\0' e >&2; echo done >&2");

        var result = await _runner.RunAsync(new CommandSpec(script, [], TimeSpan.FromSeconds(20)), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Describe());
        Assert.StartsWith(new string('o', CliWrapCommandRunner.MaxOutputBytes), result.StandardOutput, StringComparison.Ordinal);
        Assert.InRange(result.StandardOutput.Length, CliWrapCommandRunner.MaxOutputBytes, CliWrapCommandRunner.MaxOutputBytes + 200);
        Assert.EndsWith($"{3000000 - CliWrapCommandRunner.MaxOutputBytes} more bytes were not kept]", result.StandardOutput, StringComparison.Ordinal);
        Assert.InRange(result.StandardError.Length, CliWrapCommandRunner.MaxOutputBytes, CliWrapCommandRunner.MaxOutputBytes + 200);
        Assert.DoesNotContain("done", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_that_does_not_die_when_killed_is_a_timed_out_result_that_says_when_it_is_gone()
    {
        // CliWrap throws TimeoutException when a killed process has not exited 3 s later (stuck in the kernel); a real
        // process stands for it here, and ends when the test kills it.
        using var stuck = Process.Start(new ProcessStartInfo("sleep", ["60"]))!;
        var runner = new CliWrapCommandRunner(NullLogger<CliWrapCommandRunner>.Instance, (_, _) =>
            new CliWrap.CommandTask<CliWrap.CommandResult>(
                Task.FromException<CliWrap.CommandResult>(new TimeoutException("Failed to terminate the underlying process (sleep#1) within the allotted timeout.")),
                stuck.Id));

        var result = await runner.RunAsync(new CommandSpec("/usr/sbin/multipathd", ["resize", "map", "/dev/dm-0"], TimeSpan.FromSeconds(1)),
            TestContext.Current.CancellationToken);

        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.Contains("did not exit when killed", result.StandardError, StringComparison.Ordinal);
        Assert.NotNull(result.StillRunning);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(result.StillRunning.IsCompleted, "the process still runs");

        stuck.Kill();
        await result.StillRunning.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Cancellation_kills_the_program_and_throws()
    {
        var script = Scripts.Write(_dir, "hangs2", "exec sleep 60");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _runner.RunAsync(new CommandSpec(script, [], TimeSpan.FromSeconds(30)), cancel.Token));
    }
}
