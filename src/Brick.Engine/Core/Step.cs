using Brick.Contracts;

namespace Brick.Engine.Core;

/// <summary>
/// The steps of an operation, in the order they run: the name each shows in the timeline (the CLI and logs print it) and
/// the reason an operation gets when its time limit ends it at that step. This table is the only place either is written.
/// </summary>
internal sealed class Step
{
    public static Step Discover { get; } = new("discover", ResizeFailureReason.CommandFailed);

    public static Step Rescan { get; } = new("rescan", ResizeFailureReason.CommandFailed);

    public static Step WaitPaths { get; } = new("wait-paths", ResizeFailureReason.RescanTimeout);

    public static Step VerifyHead { get; } = new("verify-head", ResizeFailureReason.CommandFailed);

    public static Step ResizeMap { get; } = new("resize-map", ResizeFailureReason.MultipathResizeFailed);

    public static Step RejoinMap { get; } = new("rejoin-map", ResizeFailureReason.CommandFailed);

    public static Step ResizeCrypt { get; } = new("resize-crypt", ResizeFailureReason.CommandFailed);

    public static Step Verify { get; } = new("verify", ResizeFailureReason.CommandFailed);

    /// <summary>Every step, in order.</summary>
    public static IReadOnlyList<Step> All { get; } = [Discover, Rescan, WaitPaths, VerifyHead, ResizeMap, RejoinMap, ResizeCrypt, Verify];

    private Step(string name, ResizeFailureReason timeoutReason) => (Name, TimeoutReason) = (name, timeoutReason);

    /// <summary>The timeline label, e.g. <c>wait-paths</c>.</summary>
    public string Name { get; }

    /// <summary>The failure reason of an operation whose time limit ended it during this step.</summary>
    public ResizeFailureReason TimeoutReason { get; }

    public override string ToString() => Name;
}
