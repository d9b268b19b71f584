using System.Globalization;
using Brick.Testing;

namespace Brick.Worker.Tests.Testing;

/// <summary>
/// The one <see cref="WorkerProcess"/> of the tests, on the <c>brick-worker</c> built beside these tests: its output,
/// its environment, and that stopping it leaves no process behind, whatever launched it.
/// </summary>
public sealed class WorkerProcessTests
{
    private static CancellationToken Cancelled => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Its_output_lines_and_exit_code_are_read()
    {
        await using var worker = WorkerProcess.Start(["--help"]);

        Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(worker.Lines, line => line.Contains("run", StringComparison.Ordinal));
        Assert.Equal(await worker.WaitForLineAsync("[Uu]sage", TimeSpan.FromSeconds(1)), worker.Lines.First(l => l.Contains("sage", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Waiting_for_a_line_it_never_prints_fails_with_its_output_once_it_exited()
    {
        await using var worker = WorkerProcess.Start(["--help"]);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => worker.WaitForLineAsync("^never printed$", TimeSpan.FromSeconds(60)));

        Assert.Contains("exited (0) before printing /^never printed$/", failure.Message, StringComparison.Ordinal);
        Assert.Contains(worker.Lines[0], failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_gets_its_settings_as_Brick_variables_and_carries_the_runs_mark()
    {
        var host = $"wp-env-{Guid.NewGuid():N}"[..20];
        await using var worker = WorkerProcess.Start(["run", "--simulate", "--broker", NoBroker()],
            new WorkerStart { Settings = new Dictionary<string, string> { ["Host"] = host }, Environment = new Dictionary<string, string> { ["WP_TEST"] = host } });

        var environment = Environ(worker.Id);

        Assert.Contains($"Brick__Host={host}", environment);
        Assert.Contains($"WP_TEST={host}", environment);
        Assert.Contains("MASSTRANSIT_USAGE_TELEMETRY=false", environment);
        // .ci/run exports the mark; whatever this run's value (none outside CI), the worker has the same.
        var mark = Environment.GetEnvironmentVariable(WorkerProcess.RunMark);
        Assert.Equal(string.IsNullOrEmpty(mark) ? [] : [$"{WorkerProcess.RunMark}={mark}"],
            environment.Where(v => v.StartsWith(WorkerProcess.RunMark + "=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Stopping_sends_SIGTERM_and_the_worker_shuts_down_by_itself()
    {
        var worker = WorkerProcess.Start(["run", "--simulate", "--host", "wp-stop", "--broker", NoBroker()]);
        await using (worker)
        {
            await Task.Delay(TimeSpan.FromSeconds(3), Cancelled); // started, retrying its broker
            Assert.False(worker.HasExited, worker.Output);

            var exitCode = await worker.StopAsync(TimeSpan.FromSeconds(60));

            // A SIGKILLed worker has no exit code of its own (-1 here); one that got SIGTERM ends with its own.
            Assert.NotEqual(-1, exitCode);
            Assert.True(worker.HasExited);
            Assert.False(ProcessTree.Alive(worker.Id));
        }
    }

    [Fact]
    public async Task Disposing_leaves_no_process_behind_even_where_the_launcher_dies_before_the_worker()
    {
        // A launcher that exits on SIGTERM at once and leaves its child behind, reparented: killing the launcher's
        // tree after that would not find it any more. The child lets go of its output at once and takes a second to
        // stop: the end of the output (what the launcher's task waits for) is not the end of every process.
        List<int> tree;
        const string slowChild = "trap 'exec >/dev/null 2>&1; sleep 1; exit 0' TERM; \"$@\" & wait $!";
        var worker = WorkerProcess.Start(["run", "--simulate", "--host", "wp-orphan", "--broker", NoBroker()],
            new WorkerStart
            {
                Launcher = ["/bin/bash", "-c", "trap 'exit 0' TERM; /bin/bash -c \"$0\" child \"$@\" & wait $!", slowChild],
                StopGrace = TimeSpan.FromSeconds(30),
            });
        await using (worker)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((tree = [.. ProcessTree.Descendants(worker.Id)]).Count < 2)
            {
                Assert.True(DateTime.UtcNow < deadline, "the launcher started no worker");
                await Task.Delay(100, Cancelled);
            }
        }

        Assert.True(worker.HasExited);
        Assert.Empty(tree.Where(ProcessTree.Alive).Select(pid => $"{pid}: {File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ')}"));
    }

    [Fact]
    public async Task Killing_takes_no_shutdown_and_reaps_it()
    {
        var worker = WorkerProcess.Start(["run", "--simulate", "--host", "wp-kill", "--broker", NoBroker()]);
        await using (worker)
        {
            await worker.KillAsync();

            Assert.True(worker.HasExited);
            Assert.Equal(-1, worker.ExitCode);
            Assert.False(ProcessTree.Alive(worker.Id));
        }
    }

    /// <summary>A broker address nothing listens on: the worker keeps trying to connect until stopped.</summary>
    private static string NoBroker() => $"amqp://guest:guest@127.0.0.1:{LoopbackPort.Free().ToString(CultureInfo.InvariantCulture)}/";

    private static string[] Environ(int pid) => File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries);
}
