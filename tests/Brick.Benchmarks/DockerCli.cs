using System.Text;
using CliWrap;

namespace Brick.Benchmarks;

/// <summary>The Docker CLI through CliWrap: an argument array (no shell), a time limit on every call, the output captured.</summary>
internal static class DockerCli
{
    /// <summary>Runs <c>docker</c> with <paramref name="arguments"/>; throws with its output when it fails and <paramref name="check"/> is set.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout,
        CancellationToken cancellationToken, bool check = true)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["DOCKER_API_VERSION"] = Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is { Length: > 0 } v ? v : "1.41",
        };
        CommandResult result;
        try
        {
            result = await Cli.Wrap("docker").WithArguments(arguments).WithEnvironmentVariables(environment)
                .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout)).WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
                .WithValidation(CommandResultValidation.None).ExecuteAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"docker {string.Join(' ', arguments)} did not end within {timeout}: {stderr}");
        }

        if (check && result.ExitCode != 0)
            throw new InvalidOperationException($"docker {string.Join(' ', arguments)} exited {result.ExitCode}: {stderr}{stdout}");
        return (result.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
