namespace Brick.Tools.Replay;

/// <summary>One replay from a queue: where from, which messages, how many at most, and whether to move anything.</summary>
/// <param name="Source">The queue to take messages from.</param>
/// <param name="Filter">Which messages to take.</param>
/// <param name="Max">Move at most this many (in a dry run: list at most this many as would-move), or null.</param>
/// <param name="DryRun">List what would move; move nothing.</param>
public sealed record ReplayPlan(ReplaySource Source, ReplayFilter Filter, int? Max, bool DryRun);
