using System.Collections.Concurrent;
using System.Diagnostics;
using Brick.Engine.Programs;

namespace Brick.Simulation.Hosts;

/// <summary>
/// Answers the simulated host's programs (<see cref="SimulatedHost.Commands"/>) in-process, as the real ones would, with
/// the same time limits; any other program goes to the fallback runner. Every call is recorded.
/// </summary>
public sealed class SimulatedCommandRunner(SimulatedHost host, ICommandRunner? fallback) : ICommandRunner
{
    private readonly ConcurrentQueue<CommandSpec> _calls = new();

    /// <summary>Every command run through this runner, in order.</summary>
    public IReadOnlyList<CommandSpec> Calls => [.. _calls];

    /// <inheritdoc />
    public async Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken)
    {
        _calls.Enqueue(command);
        if (SimulatedPrograms.NameIn(SimulatedHost.Commands, command.Program) is not { } program)
        {
            return fallback is not null
                ? await fallback.RunAsync(command, cancellationToken)
                : new CommandResult(-1, "", $"could not start {command.Program}: not a simulated program", TimeSpan.Zero);
        }

        var clock = Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(command.Timeout);
        try
        {
            var (exit, stdout, stderr) = await SimulatedPrograms.RunAsync(host, program, command.Arguments, limit.Token);
            return new CommandResult(exit, stdout, stderr, clock.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new CommandResult(-1, "", $"killed after {command.Timeout.TotalSeconds:0.###} s", clock.Elapsed, TimedOut: true);
        }
    }
}
