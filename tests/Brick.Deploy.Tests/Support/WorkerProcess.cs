using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Brick.Deploy.Tests.Support;

/// <summary>
/// The real <c>brick-worker</c> program (built beside the tests) as a child process, its output collected line by line.
/// It inherits no <c>Brick__</c> setting from the test's environment. Killed on dispose if still running.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private WorkerProcess(Process process) => _process = process;

    /// <summary>The program built beside the test assembly.</summary>
    public static string Program => Path.Combine(AppContext.BaseDirectory, "brick-worker");

    public int Id => _process.Id;

    /// <summary>Every line printed so far (stdout and stderr).</summary>
    public string Output => string.Join(Environment.NewLine, _lines);

    /// <summary>Starts <paramref name="arguments"/>; <paramref name="launcher"/> (a program and its arguments) runs it when given.</summary>
    public static WorkerProcess Start(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyList<string>? launcher = null)
    {
        var command = launcher is null ? [Program, .. arguments] : launcher.Concat([Program]).Concat(arguments).ToList();
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in command.Skip(1))
            start.ArgumentList.Add(argument);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Brick__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.Add(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits until a printed line matches, or fails the test with the output so far.</summary>
    public async Task<string> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_lines.FirstOrDefault(regex.IsMatch) is { } line)
                return line;
            if (_process.HasExited && _lines.FirstOrDefault(regex.IsMatch) is null)
                Assert.Fail($"brick-worker exited ({_process.ExitCode}) before printing /{pattern}/:{Environment.NewLine}{Output}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"brick-worker did not print /{pattern}/ within {timeout}:{Environment.NewLine}{Output}");
        return "";
    }

    /// <summary>Sends SIGTERM, as systemd and Kubernetes stop it, and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        await Programs.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        using var limit = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(limit.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
            _lines.Enqueue(line);
    }
}
