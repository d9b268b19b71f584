namespace Brick.Engine.Programs;

/// <summary>How a command ended.</summary>
/// <param name="ExitCode">The exit code, or -1 where the program could not start or was killed.</param>
/// <param name="StandardOutput">What it wrote to stdout.</param>
/// <param name="StandardError">What it wrote to stderr, or why it could not start.</param>
/// <param name="Duration">How long it ran.</param>
/// <param name="TimedOut">Whether it was killed at its time limit.</param>
public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration, bool TimedOut = false)
{
    /// <summary>
    /// Set where the program had not exited when the runner gave up on it (it did not die when killed): a task that ends
    /// when it is gone. The engine keeps the volume locked until then (or its hold limit).
    /// </summary>
    public Task? StillRunning { get; init; }

    /// <summary>Whether it exited 0.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>A one-line account for failure details: exit code or time-out, and the first line of output.</summary>
    public string Describe()
    {
        var said = FirstLine(StandardError) ?? FirstLine(StandardOutput);
        var how = TimedOut ? "timed out" : $"exited {ExitCode}";
        return said is null ? how : $"{how}: {said}";
    }

    private static string? FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return line is null ? null : line.Length > 200 ? line[..200] + "…" : line;
    }
}
