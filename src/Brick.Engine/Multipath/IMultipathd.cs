using Brick.Engine.Programs;

namespace Brick.Engine.Multipath;

/// <summary>
/// One way to give multipathd a command (<c>resize map /dev/dm-0</c>, <c>add path sdb</c>) and read its answer: its
/// socket (<see cref="MultipathdSocket"/>) or its program (<see cref="MultipathdProgram"/>). The answer is read the same
/// way whichever answered: the reply text as the program would print it (<c>ok</c>, <c>fail</c>, <c>timeout</c>, …).
/// </summary>
internal interface IMultipathd
{
    /// <summary>What the operator sees: <c>socket</c> or <c>program</c>.</summary>
    string Via { get; }

    /// <summary>Where it goes: the socket's name or the program's path.</summary>
    string Address { get; }

    /// <summary>
    /// Sends <paramref name="words"/> and returns multipathd's answer, or null when this way is not there (no one listens
    /// on the socket), so that the next way is tried. Cancellation throws.
    /// </summary>
    Task<CommandResult?> TryRunAsync(IReadOnlyList<string> words, CancellationToken cancellationToken);
}
