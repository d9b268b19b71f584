using Brick.Engine.Programs;

namespace Brick.Engine.Tests.Support;

/// <summary>A command runner that answers the commands <paramref name="intercept"/> takes (by returning a task) and passes the others on.</summary>
internal sealed class InterceptingRunner(ICommandRunner inner, Func<CommandSpec, Task<CommandResult>?> intercept) : ICommandRunner
{
    public Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken) =>
        intercept(command) ?? inner.RunAsync(command, cancellationToken);
}
