using Brick.Engine.Programs;

namespace Brick.Engine.Tests.Support;

/// <summary>
/// A command runner that answers the commands <paramref name="intercept"/> takes (by returning a task, given the
/// caller's cancellation) and passes the others on.
/// </summary>
internal sealed class CancellableInterceptingRunner(ICommandRunner inner, Func<CommandSpec, CancellationToken, Task<CommandResult>?> intercept) : ICommandRunner
{
    public Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken) =>
        intercept(command, cancellationToken) ?? inner.RunAsync(command, cancellationToken);
}
