namespace Brick.Testing;

/// <summary>How <see cref="WorkerProcess.Start"/> starts <c>brick-worker</c>: everything but its own arguments.</summary>
public sealed record WorkerStart
{
    /// <summary>Settings without the <c>Brick:</c> prefix (<c>Host</c>, <c>Retry:Attempts</c>), given as <c>Brick__*</c> variables: nothing on the command line.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>More environment variables (<c>OTEL_*</c>, <c>NOTIFY_SOCKET</c>, <c>DOTNET_*</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Where it runs; the test's build folder unless given.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// The folder holding the build to run: <c>brick-worker.dll</c> (run with <c>dotnet</c>), or only the executable
    /// <c>brick-worker</c> (a self-contained publish); the test's build folder unless given.
    /// </summary>
    public string? Directory { get; init; }

    /// <summary>Runs the executable <c>brick-worker</c> (the apphost, as the service unit does) even where <c>brick-worker.dll</c> is there.</summary>
    public bool Executable { get; init; }

    /// <summary>A program and its arguments that run the worker's command line (a stand-in for systemd).</summary>
    public IReadOnlyList<string> Launcher { get; init; } = [];

    /// <summary>
    /// A watchdog kills the worker within a second of the test process's end (a test run killed from outside leaves no
    /// worker behind, consuming and holding locks), and descriptors 3 to 9 (a caller's <c>flock</c>) are closed.
    /// </summary>
    public bool DieWithTestProcess { get; init; }

    /// <summary>A file every output line is appended to as well (kept for a failure message after the process is gone).</summary>
    public string? Log { get; init; }

    /// <summary>How long <see cref="WorkerProcess.DisposeAsync"/> waits after SIGTERM before it kills.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(15);
}
