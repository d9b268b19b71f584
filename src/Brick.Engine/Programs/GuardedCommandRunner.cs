using Brick.Engine.Core;

namespace Brick.Engine.Programs;

/// <summary>
/// The engine's side of any <see cref="ICommandRunner"/>: a runner that throws (anything but the caller's
/// cancellation) gives a failed result, which the step names (<c>CommandFailed</c>), instead of an exception that
/// escapes the engine; a program that is still running when its result comes back, or when its cancellation comes back
/// (<see cref="AbandonedCommandException"/>), is recorded as the operation's <see cref="AbandonedWork"/>, so its volume
/// and devices stay locked until it is gone.
/// </summary>
internal sealed class GuardedCommandRunner(ICommandRunner inner) : ICommandRunner
{
    /// <inheritdoc />
    public async Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken)
    {
        CommandResult result;
        try
        {
            result = await inner.RunAsync(command, cancellationToken);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled (the operation's time limit) and not dead when killed: abandoned work, as at the command's own limit.
            if (e is AbandonedCommandException { StillRunning: { IsCompleted: false } stillRunning })
                AbandonedWork.Current?.Add(command.ToString(), stillRunning);
            throw;
        }
        catch (Exception e)
        {
            result = new CommandResult(-1, "", $"could not be run to its end: {e.GetType().Name}: {e.Message}", TimeSpan.Zero,
                TimedOut: e is TimeoutException or OperationCanceledException);
        }

        if (result.StillRunning is { IsCompleted: false } running)
            AbandonedWork.Current?.Add(command.ToString(), running);
        return result;
    }
}
