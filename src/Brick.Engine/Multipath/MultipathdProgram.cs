using Brick.Engine.Core;
using Brick.Engine.Programs;

namespace Brick.Engine.Multipath;

/// <summary>multipathd's own client program, <c>multipathd WORDS…</c> through the runner (CliWrap), within the command limit.</summary>
internal sealed class MultipathdProgram(ICommandRunner runner, ProgramPaths commands, EngineOptions options) : IMultipathd
{
    /// <inheritdoc />
    public string Via => "program";

    /// <inheritdoc />
    public string Address => commands.Multipathd;

    /// <inheritdoc />
    public async Task<CommandResult?> TryRunAsync(IReadOnlyList<string> words, CancellationToken cancellationToken) =>
        await runner.RunAsync(new CommandSpec(commands.Multipathd, [.. words], options.CommandTimeout), cancellationToken);
}
