namespace Brick.Engine.Outcomes;

/// <summary>One step of an operation: what, when (from the operation's start), how long, and how it ended.</summary>
public sealed record StepRecord(string Name, TimeSpan Start, TimeSpan Duration, string Result);
