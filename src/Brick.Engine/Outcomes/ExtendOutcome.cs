using Brick.Contracts;

namespace Brick.Engine.Outcomes;

/// <summary>What the engine did for one request: success with the guest's device and its size, or a named failure.</summary>
/// <param name="Succeeded">Whether every layer shows a size at least the requested one.</param>
/// <param name="Reason">Why it failed, or null on success.</param>
/// <param name="Detail">One human sentence about a failure, or null.</param>
/// <param name="Retriable">Whether the same request may succeed later.</param>
/// <param name="DevicePath">The device the guest uses (<c>/dev/dm-3</c>), once known.</param>
/// <param name="MultipathDevice">The multipath map's kernel name, or null.</param>
/// <param name="SizeBytes">The size of <paramref name="DevicePath"/> at the end, once known.</param>
/// <param name="Paths">Every path device found and its last observed size.</param>
/// <param name="Steps">What was done, in order, with durations.</param>
/// <param name="Elapsed">The time the whole operation took.</param>
public sealed record ExtendOutcome(
    bool Succeeded,
    ResizeFailureReason? Reason,
    string? Detail,
    bool Retriable,
    string? DevicePath,
    string? MultipathDevice,
    long? SizeBytes,
    IReadOnlyList<PathSize> Paths,
    IReadOnlyList<StepRecord> Steps,
    TimeSpan Elapsed);
