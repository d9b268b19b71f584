using Brick.Engine.Programs;
using Microsoft.Extensions.Logging;

namespace Brick.Engine.Multipath;

/// <summary>
/// Gives multipathd a command the cheapest way there is: on its socket when one is configured and someone listens on
/// it (no process started), else its program. Tried in that order for every command, so that a multipathd that
/// starts or stops while the worker runs is met where it is. Each change of way is logged once; replies on the socket
/// go to <paramref name="replies"/> (the program's are counted by the runner that starts it).
/// </summary>
internal sealed partial class Multipathd(IMultipathd? socket, IMultipathd program, IMultipathdReplies? replies, ILogger logger)
{
    private string? _lastVia;

    /// <summary>Sends <paramref name="words"/> and returns multipathd's answer as its program would give it.</summary>
    public async Task<CommandResult> RunAsync(IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        if (socket is not null && await socket.TryRunAsync(words, cancellationToken) is { } answered)
        {
            Used(socket, "");
            replies?.RepliedOnSocket(answered);
            return answered;
        }

        Used(program, socket is null ? "" : $" (nothing listens on {socket.Address})");
        return await program.TryRunAsync(words, cancellationToken)
            ?? throw new InvalidOperationException("multipathd's program always answers.");
    }

    private void Used(IMultipathd way, string why)
    {
        if (Interlocked.Exchange(ref _lastVia, way.Via) != way.Via)
            LogWay(logger, way.Via, way.Address, why);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "multipathd: commands go through its {Via} {Address}{Why}")]
    private static partial void LogWay(ILogger logger, string via, string address, string why);
}
