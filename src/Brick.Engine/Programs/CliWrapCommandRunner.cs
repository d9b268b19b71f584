using System.ComponentModel;
using System.Diagnostics;
using CliWrap;
using CliWrap.Buffered;
using Microsoft.Extensions.Logging;

namespace Brick.Engine.Programs;

/// <summary>
/// Runs commands through CliWrap: no shell, an argument array, empty stdin, a time limit that kills the process,
/// the worker's settings and credentials kept out of the child's environment (<see cref="ChildEnvironment"/>), and
/// every start, exit code and output logged.
/// </summary>
public sealed partial class CliWrapCommandRunner(ILogger<CliWrapCommandRunner> logger) : ICommandRunner
{
    private const int MaxLoggedChars = 2000;

    /// <summary>How many commands this runner has started (for the process-spawn benchmark and tests).</summary>
    public int Started => _started;

    private int _started;

    /// <inheritdoc />
    public async Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(command.Timeout);
        var clock = Stopwatch.StartNew();
        Interlocked.Increment(ref _started);
        LogStarting(command.ToString());
        CommandResult result;
        try
        {
            var buffered = await Cli.Wrap(command.Program)
                .WithArguments(command.Arguments)
                .WithStandardInputPipe(PipeSource.Null)
                .WithEnvironmentVariables(env =>
                {
                    foreach (var name in ChildEnvironment.Withheld())
                        env.Set(name, null);
                })
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(timeout.Token);
            result = new CommandResult(buffered.ExitCode, buffered.StandardOutput, buffered.StandardError, clock.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = new CommandResult(-1, "", $"killed after {command.Timeout.TotalSeconds:0.###} s", clock.Elapsed, TimedOut: true);
        }
        catch (Win32Exception e)
        {
            result = new CommandResult(-1, "", $"could not start {command.Program}: {e.Message}", clock.Elapsed);
        }

        LogEnded(command.ToString(), result.ExitCode, result.TimedOut, (long)result.Duration.TotalMilliseconds,
            Clip(result.StandardOutput), Clip(result.StandardError));
        return result;
    }

    private static string Clip(string text) => text.Length > MaxLoggedChars ? text[..MaxLoggedChars] + "…" : text.TrimEnd();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Running {Command}")]
    private partial void LogStarting(string command);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "{Command} exited {ExitCode} (timed out: {TimedOut}) in {DurationMs} ms; stdout: {Stdout}; stderr: {Stderr}")]
    private partial void LogEnded(string command, int exitCode, bool timedOut, long durationMs, string stdout, string stderr);
}
