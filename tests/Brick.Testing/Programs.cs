using System.Text;
using CliWrap;
using Xunit;

namespace Brick.Testing;

/// <summary>
/// The one way tests run a program to its end: CliWrap, an argument array (no shell), a time limit on every call, and
/// the output captured. A program still running at its limit is killed and fails the test with what it printed.
/// </summary>
public static class Programs
{
    /// <summary>The full path of <paramref name="name"/> on <c>PATH</c>, or null.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Whether <paramref name="name"/> is on <c>PATH</c>.</summary>
    public static bool Exists(string name) => Find(name) is not null;

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="arguments"/> to its end, or kills it at
    /// <paramref name="timeout"/> and fails the test; the test's cancellation kills it too. The exit code is the caller's to judge (<see cref="ProgramResult.Succeeded"/>).
    /// </summary>
    /// <param name="program">The program: a name on <c>PATH</c> or a path.</param>
    /// <param name="arguments">Its arguments, each passed as it is.</param>
    /// <param name="timeout">How long it may run.</param>
    /// <param name="environment">Variables to set (a null value removes one) on top of the test's environment.</param>
    /// <param name="workingDirectory">Where it runs: the repository's root unless given.</param>
    /// <param name="stdin">Text for its standard input.</param>
    public static async Task<ProgramResult> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null, string? stdin = null)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var command = Cli.Wrap(program)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory ?? RepositoryRoot.Path)
            .WithEnvironmentVariables(environment ?? new Dictionary<string, string?>())
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
            .WithValidation(CommandResultValidation.None);
        if (stdin is not null)
            command = command.WithStandardInputPipe(PipeSource.FromString(stdin));
        var text = $"{program} {string.Join(' ', arguments)}";
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var result = await command.ExecuteAsync(limit.Token);
            return new ProgramResult(text, result.ExitCode, stdout.ToString(), stderr.ToString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"`{text}` did not end within {timeout}:{Environment.NewLine}{ProgramResult.Tail(stdout.ToString() + stderr)}");
            throw;
        }
    }
}
