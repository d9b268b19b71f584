using Brick.Engine.Programs;
using Brick.Engine.Resize;

namespace Brick.Engine.Telemetry;

/// <summary>
/// Counts multipathd's replies, around any <see cref="ICommandRunner"/>: every call of <see cref="ProgramPaths.Multipathd"/>
/// (<c>resize map</c>, <c>add path</c>) is read as the engine reads it, and counted as <c>ok</c>, <c>fail</c>,
/// <c>timeout</c> (multipathd's own answer, or no answer within the command's time limit) or <c>other</c>.
/// Other programs pass through untouched. The engine hands it multipathd's replies on its socket too
/// (<see cref="IMultipathdReplies"/>), counted the same way with <c>via</c> = <c>socket</c> (<c>program</c> for the program's).
/// </summary>
public sealed class MeteredCommandRunner(ICommandRunner inner, ProgramPaths programs, BrickMetrics metrics) : ICommandRunner, IMultipathdReplies
{
    /// <inheritdoc />
    public void RepliedOnSocket(CommandResult result) => metrics.MultipathdReplied(ReplyOf(result), "socket");

    /// <inheritdoc />
    public async Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken)
    {
        var result = await inner.RunAsync(command, cancellationToken);
        if (string.Equals(command.Program, programs.Multipathd, StringComparison.Ordinal))
            metrics.MultipathdReplied(ReplyOf(result), "program");
        return result;
    }

    /// <summary>The <c>reply</c> tag for one multipathd result.</summary>
    internal static string ReplyOf(CommandResult result) => result.TimedOut
        ? "timeout"
        : MultipathdOutput.Of(result) switch
        {
            "ok" => "ok",
            "fail" => "fail",
            "timeout" => "timeout",
            _ => "other",
        };
}
