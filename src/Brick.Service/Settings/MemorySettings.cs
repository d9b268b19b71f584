namespace Brick.Service.Settings;

/// <summary>
/// What a consumer process does with its memory once idle: hand the GC's free memory back and let the kernel drop the
/// program's file pages it no longer touches (<see cref="Residency.IdleRelease"/>). Bound from the <c>Brick</c>
/// section; checked by <see cref="MemorySettingsValidator"/>.
/// </summary>
public sealed class MemorySettings
{
    /// <summary>
    /// Whether the process releases memory once it has been idle for <see cref="IdleReleaseAfter"/>: after start-up,
    /// and again after each spell of work (docs/performance.md says what it saves and what the next message pays).
    /// </summary>
    public bool IdleRelease { get; set; } = true;

    /// <summary>How long the consumer must have had nothing in hand (no message, no endpoint starting) before it releases.</summary>
    public TimeSpan IdleReleaseAfter { get; set; } = TimeSpan.FromSeconds(30);
}
