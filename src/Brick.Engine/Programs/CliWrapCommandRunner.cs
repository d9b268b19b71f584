using System.ComponentModel;
using System.Diagnostics;
using CliWrap;
using Microsoft.Extensions.Logging;

namespace Brick.Engine.Programs;

/// <summary>
/// Runs commands through CliWrap: no shell, an argument array, empty stdin, a time limit that kills the process,
/// the worker's settings and credentials kept out of the child's environment (<see cref="ChildEnvironment"/>), at most
/// <see cref="MaxOutputBytes"/> of each output stream kept, and every start, exit code and output logged. A program
/// that does not die when killed is a timed-out result whose <see cref="CommandResult.StillRunning"/> ends when it is
/// gone; only the caller's cancellation throws (an <see cref="AbandonedCommandException"/>, with the same task, when
/// the program did not die then either).
/// </summary>
public sealed partial class CliWrapCommandRunner : ICommandRunner
{
    /// <summary>How much of each output stream (stdout, stderr) is kept; the rest is read and dropped.</summary>
    public const int MaxOutputBytes = 64 * 1024;

    private const int MaxLoggedChars = 2000;

    private readonly ILogger<CliWrapCommandRunner> _logger;
    private readonly Func<Command, CancellationToken, CommandTask<CliWrap.CommandResult>> _execute;
    private int _started;

    /// <summary>Creates the runner.</summary>
    public CliWrapCommandRunner(ILogger<CliWrapCommandRunner> logger)
        : this(logger, static (command, token) => command.ExecuteAsync(token))
    {
    }

    /// <summary>Creates the runner with another way to execute a CliWrap command (tests: CliWrap's own failures).</summary>
    internal CliWrapCommandRunner(
        ILogger<CliWrapCommandRunner> logger, Func<Command, CancellationToken, CommandTask<CliWrap.CommandResult>> execute)
    {
        _logger = logger;
        _execute = execute;
    }

    /// <summary>How many commands this runner has started (for the process-spawn benchmark and tests).</summary>
    public int Started => _started;

    /// <inheritdoc />
    public async Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(command.Timeout);
        var clock = Stopwatch.StartNew();
        Interlocked.Increment(ref _started);
        LogStarting(command.ToString());
        var stdout = new CappedOutput(MaxOutputBytes);
        var stderr = new CappedOutput(MaxOutputBytes);
        var processId = 0;
        CommandResult result;
        try
        {
            var running = _execute(
                Cli.Wrap(command.Program)
                    .WithArguments(command.Arguments)
                    .WithStandardInputPipe(PipeSource.Null)
                    .WithStandardOutputPipe(stdout)
                    .WithStandardErrorPipe(stderr)
                    .WithEnvironmentVariables(env =>
                    {
                        foreach (var name in ChildEnvironment.Withheld())
                            env.Set(name, null);
                    })
                    .WithValidation(CommandResultValidation.None),
                timeout.Token);
            processId = running.ProcessId;
            var ended = await running;
            result = new CommandResult(ended.ExitCode, stdout.Text, stderr.Text, clock.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = new CommandResult(-1, stdout.Text, $"killed after {command.Timeout.TotalSeconds:0.###} s", clock.Elapsed, TimedOut: true);
        }
        catch (Win32Exception e)
        {
            result = new CommandResult(-1, "", $"could not start {command.Program}: {e.Message}", clock.Elapsed);
        }
        catch (TimeoutException e)
        {
            // CliWrap killed the process and it did not exit: it still runs (stuck in the kernel). The caller gets a
            // timed-out result at once, and a task that ends when the process is gone.
            if (cancellationToken.IsCancellationRequested)
            {
                throw new AbandonedCommandException(
                    $"{command.Program} was cancelled and did not exit when killed (process {processId} still runs).", e,
                    ProcessWatch.UntilGoneAsync(processId), cancellationToken);
            }

            result = new CommandResult(-1, stdout.Text, $"did not exit when killed after {command.Timeout.TotalSeconds:0.###} s (process {processId} still runs)",
                clock.Elapsed, TimedOut: true)
            {
                StillRunning = ProcessWatch.UntilGoneAsync(processId),
            };
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
