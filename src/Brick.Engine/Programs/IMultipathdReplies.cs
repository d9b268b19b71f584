namespace Brick.Engine.Programs;

/// <summary>
/// Hears multipathd's answers that came through its socket, not through a program the runner started. The engine hands
/// them to the <see cref="ICommandRunner"/> it was given when that runner implements this (the service's metered runner),
/// so that one counter counts multipathd's replies whichever way they came.
/// </summary>
public interface IMultipathdReplies
{
    /// <summary>multipathd answered <paramref name="result"/> on its socket.</summary>
    void RepliedOnSocket(CommandResult result);
}
