using Xunit;

namespace Brick.Testing;

/// <summary>What a program a test ran printed and how it ended.</summary>
/// <param name="Command">The program and its arguments, as one line for messages.</param>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Stdout">What it printed on stdout.</param>
/// <param name="Stderr">What it printed on stderr.</param>
public sealed record ProgramResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Stdout, then stderr.</summary>
    public string Output => Stdout + Stderr;

    /// <summary>Fails the test with the command and its output unless it exited 0.</summary>
    public ProgramResult Succeeded()
    {
        Assert.True(ExitCode == 0, $"`{Command}` exited {ExitCode}:{Environment.NewLine}{Tail(Output)}");
        return this;
    }

    /// <summary>The last <paramref name="lines"/> lines of <paramref name="text"/>.</summary>
    public static string Tail(string text, int lines = 60) =>
        string.Join(Environment.NewLine, text.Split('\n').TakeLast(lines));
}
