namespace Brick.Cinder.Notifications;

/// <summary>What one delivery holds: a <c>volume.resize.end</c>, or another notification the bridge leaves alone.</summary>
/// <param name="Resize">The resize, or null for another event.</param>
public sealed record NotificationRead(ResizeNotification? Resize)
{
    /// <summary>Another event than <c>volume.resize.end</c>: acknowledged, nothing sent.</summary>
    public static NotificationRead Ignored { get; } = new((ResizeNotification?)null);
}
