using Brick.Engine.Core;

namespace Brick.Engine.Outcomes;

/// <summary>One step of an operation: what, when (from the operation's start), how long, and how it ended.</summary>
public sealed record StepRecord
{
    internal StepRecord(Step step, TimeSpan start, TimeSpan duration, string result, bool succeeded) =>
        (Name, Start, Duration, Result, Succeeded) = (step.Name, start, duration, result, succeeded);

    /// <summary>The step's name as the timeline shows it (<c>discover</c>, <c>rescan</c>, <c>wait-paths</c>, …).</summary>
    public string Name { get; }

    /// <summary>When it began, from the operation's start.</summary>
    public TimeSpan Start { get; }

    /// <summary>How long it took.</summary>
    public TimeSpan Duration { get; }

    /// <summary>How it ended: what it found or did, or the failure.</summary>
    public string Result { get; }

    /// <summary>Whether it did its work; false when it failed or was cancelled (then <see cref="Result"/> says why).</summary>
    public bool Succeeded { get; }
}
