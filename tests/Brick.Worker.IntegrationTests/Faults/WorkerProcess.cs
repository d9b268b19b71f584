using System.Diagnostics;
using System.Globalization;

namespace Brick.Worker.IntegrationTests.Faults;

/// <summary>
/// <c>brick-worker run</c> as a process of its own (the production composition, not <c>--simulate</c>), so that it can be
/// SIGKILLed. Its settings come as <c>Brick__*</c> environment variables, the password from a file: nothing secret on
/// its command line. Its output goes to a log file, kept for the test's failure message.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    /// <summary>
    /// Runs the worker in the shell's own process (<c>exec</c>: the process this class kills is the worker), with the
    /// descriptors a caller's lock may be on (<c>flock</c> around a heavy run) closed, and a watchdog that kills it
    /// when the test process is gone: a test run that is itself killed leaves no worker behind, consuming and holding locks.
    /// </summary>
    private const string Watchdog = """
        exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
        parent=$1
        shift
        worker=$$
        ( while kill -0 "$parent" 2>/dev/null && kill -0 "$worker" 2>/dev/null; do sleep 1; done; kill -9 "$worker" 2>/dev/null ) </dev/null >/dev/null 2>&1 &
        exec "$@"
        """;

    private readonly Process _process;
    private readonly StreamWriter _writer;

    private WorkerProcess(Process process, StreamWriter writer, string log)
    {
        _process = process;
        _writer = writer;
        Log = log;
    }

    /// <summary>The file its stdout and stderr go to.</summary>
    public string Log { get; }

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>brick-worker run</c> (or <paramref name="command"/>) with <paramref name="settings"/> (names without the <c>Brick:</c> prefix).</summary>
    public static WorkerProcess Start(IReadOnlyDictionary<string, string> settings, string workingDirectory, string log, string command = "run")
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        string[] arguments = ["-c", Watchdog, "worker", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            "dotnet", Path.Combine(AppContext.BaseDirectory, "brick-worker.dll"), command];
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Brick__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        foreach (var (key, value) in settings)
            start.Environment[$"Brick__{key.Replace(":", "__", StringComparison.Ordinal)}"] = value;
        start.Environment["MASSTRANSIT_USAGE_TELEMETRY"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var writer = new StreamWriter(log, append: true) { AutoFlush = true };
        void Write(string? line)
        {
            lock (writer)
            {
                if (line is not null && writer.BaseStream.CanWrite)
                    writer.WriteLine(line);
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process, writer, log);
    }

    /// <summary>Waits until it exits by itself, at most <paramref name="timeout"/>; its exit code, or null while it still runs.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>SIGKILL: no shutdown, no nack; the broker gives back what it held when its socket goes.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>The last lines of its log.</summary>
    public string Tail(int lines = 40)
    {
        try
        {
            return string.Join('\n', File.ReadLines(Log).TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(no log: {e.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        lock (_writer)
            _writer.Dispose();
    }
}
