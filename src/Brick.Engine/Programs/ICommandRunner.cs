namespace Brick.Engine.Programs;

/// <summary>Starts host commands. The production runner uses CliWrap; the simulated host stands in for some programs.</summary>
public interface ICommandRunner
{
    /// <summary>Runs a command to its end, its time limit or cancellation (which kills it and throws).</summary>
    Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken);
}
