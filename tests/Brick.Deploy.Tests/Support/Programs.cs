using System.Text;
using CliWrap;

namespace Brick.Deploy.Tests.Support;

/// <summary>What a program printed and how it ended.</summary>
internal sealed record ProgramResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;

    /// <summary>Fails the test with the command and its output unless it exited 0.</summary>
    public ProgramResult Succeeded()
    {
        Assert.True(ExitCode == 0, $"`{Command}` exited {ExitCode}:{Environment.NewLine}{Tail(Output)}");
        return this;
    }

    public static string Tail(string text, int lines = 60) =>
        string.Join(Environment.NewLine, text.Split('\n').TakeLast(lines));
}

/// <summary>Runs programs (argument arrays, no shell) with a time limit, capturing their output.</summary>
internal static class Programs
{
    /// <summary>The full path of <paramref name="name"/> on <c>PATH</c>, or null.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs a program to its end, or kills it at <paramref name="timeout"/> and fails the test.</summary>
    public static async Task<ProgramResult> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null, string? stdin = null)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var command = Cli.Wrap(program)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory ?? Repository.Root)
            .WithEnvironmentVariables(environment ?? new Dictionary<string, string?>())
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
            .WithValidation(CommandResultValidation.None);
        if (stdin is not null)
            command = command.WithStandardInputPipe(PipeSource.FromString(stdin));
        var text = $"{program} {string.Join(' ', arguments)}";
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var result = await command.ExecuteAsync(limit.Token);
            return new ProgramResult(text, result.ExitCode, stdout.ToString(), stderr.ToString());
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"`{text}` did not end within {timeout}:{Environment.NewLine}{ProgramResult.Tail(stdout.ToString() + stderr)}");
            throw;
        }
    }
}
