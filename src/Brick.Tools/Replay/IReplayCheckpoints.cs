namespace Brick.Tools.Replay;

/// <summary>
/// The two moments of a move where an interruption matters: before the publish (the message is only taken, not yet
/// sent) and between the broker's confirm and the acknowledgement at the source (it is in both places). Tests stop
/// the replay there to show that nothing is lost either way; the tool itself passes through.
/// </summary>
public interface IReplayCheckpoints
{
    /// <summary>A message matched and is about to be published.</summary>
    ValueTask BeforePublishAsync(ReplayCandidate message, CancellationToken cancellationToken);

    /// <summary>The broker confirmed the copy; the original is about to be acknowledged at the source.</summary>
    ValueTask BeforeAckAsync(ReplayCandidate message, CancellationToken cancellationToken);
}

/// <summary>The checkpoints of a normal run: none.</summary>
public sealed class NoCheckpoints : IReplayCheckpoints
{
    /// <summary>The one instance.</summary>
    public static NoCheckpoints Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask BeforePublishAsync(ReplayCandidate message, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask BeforeAckAsync(ReplayCandidate message, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
