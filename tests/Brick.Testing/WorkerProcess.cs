using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CliWrap;
using Xunit;

namespace Brick.Testing;

/// <summary>
/// The one way tests start <c>brick-worker</c> as a process of its own (the program built beside the test, or the build
/// <see cref="WorkerStart.Directory"/> names), through CliWrap with an argument array. Its stdout and stderr are read
/// line by line and kept. It inherits the test's environment but for <c>Brick__*</c> and <c>OTEL_*</c> (a test's
/// settings come from <see cref="WorkerStart"/> only), and always carries the run's <c>BRICK_CI_RUN</c> mark, by which
/// <c>.ci/leftovers.sh</c> tells this run's processes from another's. Disposing it stops it (SIGTERM, then SIGKILL
/// after <see cref="WorkerStart.StopGrace"/>) with every process below it, and reaps it.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    /// <summary>The variable <c>.ci/run</c> exports and <c>.ci/leftovers.sh</c> looks for in <c>/proc/PID/environ</c>.</summary>
    public const string RunMark = "BRICK_CI_RUN";

    /// <summary>The watchdog of <see cref="WorkerStart.DieWithTestProcess"/>: it <c>exec</c>s the worker, so the pid is the worker's.</summary>
    private const string Watchdog = """
        exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
        parent=$1
        shift
        worker=$$
        ( while kill -0 "$parent" 2>/dev/null && kill -0 "$worker" 2>/dev/null; do sleep 1; done; kill -9 "$worker" 2>/dev/null ) </dev/null >/dev/null 2>&1 &
        exec "$@"
        """;

    private static readonly string[] Dropped = ["Brick__", "OTEL_"];

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly CancellationTokenSource _kill = new();
    private readonly StreamWriter? _log;
    private readonly TimeSpan _grace;
    private CommandTask<CommandResult>? _task;

    private WorkerProcess(string? log, TimeSpan grace)
    {
        _grace = grace;
        if (log is not null)
            _log = new StreamWriter(log, append: true) { AutoFlush = true };
        Log = log;
    }

    /// <summary>Its pid (the launcher's where <see cref="WorkerStart.Launcher"/> is given).</summary>
    public int Id => Task.ProcessId;

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before it was started.</summary>
    public long StartedAt { get; private init; }

    /// <summary>The file its output is appended to, if <see cref="WorkerStart.Log"/> named one.</summary>
    public string? Log { get; }

    /// <summary>Whether it has exited and its output is read to the end.</summary>
    public bool HasExited => Task.Task.IsCompleted;

    /// <summary>Its exit code; -1 while it runs, or where it was killed by <see cref="KillAsync"/> or the stop.</summary>
    public int ExitCode => Task.Task.IsCompletedSuccessfully ? Task.Task.Result.ExitCode : -1;

    /// <summary>Every line it printed so far, stdout and stderr in the order read.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Every line it printed so far, as one text.</summary>
    public string Output => string.Join(Environment.NewLine, _lines);

    private CommandTask<CommandResult> Task => _task ?? throw new InvalidOperationException("not started");

    /// <summary>Starts <c>brick-worker</c> with <paramref name="arguments"/> (<c>run --simulate …</c>).</summary>
    public static WorkerProcess Start(IReadOnlyList<string> arguments, WorkerStart? options = null)
    {
        options ??= new WorkerStart();
        var directory = options.Directory ?? AppContext.BaseDirectory;
        var dll = Path.Combine(directory, "brick-worker.dll");
        List<string> worker = !options.Executable && File.Exists(dll) ? ["dotnet", dll, .. arguments] : [Path.Combine(directory, "brick-worker"), .. arguments];
        List<string> line = [.. options.Launcher, .. worker];
        if (options.DieWithTestProcess)
            line = ["/bin/sh", "-c", Watchdog, "worker", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), .. line];

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => Dropped.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))))
        {
            environment[name] = null;
        }

        environment["MASSTRANSIT_USAGE_TELEMETRY"] = "false";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in options.Settings)
            environment[$"Brick__{key.Replace(":", "__", StringComparison.Ordinal)}"] = value;
        foreach (var (key, value) in options.Environment)
            environment[key] = value;
        if (Environment.GetEnvironmentVariable(RunMark) is { Length: > 0 } mark)
            environment[RunMark] = mark;

        var process = new WorkerProcess(options.Log, options.StopGrace) { StartedAt = Stopwatch.GetTimestamp() };
        process._task = Cli.Wrap(line[0])
            .WithArguments(line.Skip(1))
            .WithWorkingDirectory(options.WorkingDirectory ?? AppContext.BaseDirectory)
            .WithEnvironmentVariables(environment)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(process.Add))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(process.Add))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(process._kill.Token);
        return process;
    }

    /// <summary>Waits until a line matches <paramref name="pattern"/> (a regular expression) and returns it; fails the test with the output when it exits first or the time is up.</summary>
    public async Task<string> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var exited = HasExited;
            if (_lines.FirstOrDefault(regex.IsMatch) is { } line)
                return line;
            if (exited)
                Assert.Fail($"brick-worker exited ({ExitCode}) before printing /{pattern}/:{Environment.NewLine}{Tail()}");
            if (deadline.Elapsed > timeout)
                Assert.Fail($"brick-worker did not print /{pattern}/ within {timeout}:{Environment.NewLine}{Tail()}");
            await System.Threading.Tasks.Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits until it exits by itself, at most <paramref name="timeout"/>: its exit code, or null while it still runs.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await Ended().WaitAsync(timeout, TestContext.Current.CancellationToken);
            return ExitCode;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// SIGTERM to it and every process below it (as systemd and Kubernetes stop it); SIGKILL to what is left after
    /// <paramref name="grace"/>. Returns its exit code (-1 where it had to be killed) once every process that was below
    /// it is gone too, a launcher's reparented children included. It is reaped either way.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan grace)
    {
        if (HasExited)
            return ExitCode;
        List<int> tree = [Id, .. ProcessTree.Descendants(Id)];
        var started = Stopwatch.GetTimestamp();
        await Signal("TERM", tree);
        try
        {
            await Ended().WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            await KillTreeAsync(tree);
            return ExitCode;
        }

        // A launcher may end before the processes it started, which go on shutting down reparented: they get what
        // is left of the grace, then SIGKILL. Returning before they are gone would leave them behind.
        if (!await GoneAsync(tree, grace - Stopwatch.GetElapsedTime(started)))
            await KillTreeAsync(tree);
        return ExitCode;
    }

    /// <summary>SIGKILL to it and every process below it: no shutdown, no nack. Returns when it is reaped.</summary>
    public Task KillAsync() => HasExited ? System.Threading.Tasks.Task.CompletedTask : KillTreeAsync([Id, .. ProcessTree.Descendants(Id)]);

    /// <summary>The last <paramref name="lines"/> lines it printed.</summary>
    public string Tail(int lines = 40) => string.Join(Environment.NewLine, _lines.TakeLast(lines));

    /// <summary>Stops it (<see cref="StopAsync"/> with <see cref="WorkerStart.StopGrace"/>) and reaps it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_task is not null)
            await StopAsync(_grace);
        _kill.Dispose();
        if (_log is not null)
        {
            lock (_log)
                _log.Dispose();
        }
    }

    private async Task KillTreeAsync(IReadOnlyList<int> tree)
    {
        // CliWrap kills its process's tree; a child a launcher left behind (its parent gone) is killed by pid as well.
        await _kill.CancelAsync();
        await Signal("KILL", [.. tree.Where(ProcessTree.Alive)]);
        await Ended();
        await GoneAsync(tree, TimeSpan.FromSeconds(10)); // SIGKILL is delivered at once, the exit takes a moment
    }

    /// <summary>Whether every one of <paramref name="pids"/> is gone (or a zombie) within <paramref name="within"/>.</summary>
    private static async Task<bool> GoneAsync(IReadOnlyList<int> pids, TimeSpan within)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Math.Max(0, within.TotalSeconds) * Stopwatch.Frequency);
        while (pids.Any(ProcessTree.Alive))
        {
            if (Stopwatch.GetTimestamp() >= deadline)
                return false;
            await System.Threading.Tasks.Task.Delay(20);
        }

        return true;
    }

    /// <summary>The task that ends when the process is reaped and its output read, whether it ended or was killed.</summary>
    private async Task Ended()
    {
        try
        {
            await Task;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task Signal(string signal, IReadOnlyList<int> pids)
    {
        if (pids.Count > 0) // A process gone in between makes kill exit 1: what matters is that none is left.
            await Programs.RunAsync("kill", [$"-{signal}", .. pids.Select(p => p.ToString(CultureInfo.InvariantCulture))], TimeSpan.FromSeconds(10));
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        if (_log is not null)
        {
            lock (_log)
            {
                if (_log.BaseStream.CanWrite)
                    _log.WriteLine(line);
            }
        }
    }
}
