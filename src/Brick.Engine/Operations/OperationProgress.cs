using Brick.Contracts;
using Brick.Engine.Discovery;
using Brick.Engine.Outcomes;

namespace Brick.Engine.Operations;

/// <summary>What one operation has done and seen so far: its timeline, the devices once found, the paths' last sizes.</summary>
internal sealed class OperationProgress(TimeProvider clock)
{
    public StepTimeline Timeline { get; } = new(clock);

    public VolumeDevices? Devices { get; set; }

    /// <summary>The locks the operation has taken; released when it ends, or later while abandoned work runs.</summary>
    public HeldLocks Locks { get; } = new();

    /// <summary>What the operation waits for outside its steps (a lock), or null.</summary>
    public string? WaitingFor { get; set; }

    /// <summary>The last size read of each path device (null where unreadable), by kernel name.</summary>
    public Dictionary<string, long?> PathSizes { get; } = new(StringComparer.Ordinal);

    public ExtendOutcome Succeeded(long topSize) => ToOutcome(succeeded: true, null, null, retriable: false, topSize);

    public ExtendOutcome Failed(ResizeFailureReason reason, string detail, bool retriable, long? topSize) =>
        ToOutcome(succeeded: false, reason, detail, retriable, topSize);

    private ExtendOutcome ToOutcome(bool succeeded, ResizeFailureReason? reason, string? detail, bool retriable, long? topSize) => new(
        succeeded, reason, detail, retriable,
        Devices is null ? null : "/dev/" + Devices.Top,
        Devices?.Map,
        topSize,
        [.. PathSizes.Select(p => new PathSize(p.Key, p.Value))],
        Timeline.Steps,
        Timeline.Elapsed);
}
