using System.Collections.Concurrent;
using System.Diagnostics;

namespace Brick.Chain.Tests;

/// <summary>A <c>brick-worker</c> command as its own process (the executable built beside the tests), its output kept for the report.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private WorkerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public IReadOnlyList<string> Output => [.. _output];

    public bool HasExited => _process.HasExited;

    public static WorkerProcess Start(string name, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "brick-worker.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["MASSTRANSIT_USAGE_TELEMETRY"] = "false";
        var process = Process.Start(start) ?? throw new InvalidOperationException("brick-worker did not start.");
        var worker = new WorkerProcess(name, process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) worker._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) worker._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
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
}
