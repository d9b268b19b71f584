using Brick.Contracts;

namespace Brick.Virt.Resizing;

/// <summary>What became of one <see cref="HostVolumeResized"/> at the hypervisor: a record per disk backed by its device (and per guest that could not be asked).</summary>
/// <param name="Resized">The disks that have the outcome's size now (resized, or found at it).</param>
/// <param name="Failed">The disks (and guests) that could not be given it.</param>
public sealed record BlockresizeReport(IReadOnlyList<GuestDiskResized> Resized, IReadOnlyList<GuestDiskResizeFailed> Failed)
{
    /// <summary>No guest uses the device (and every guest answered): nothing to do.</summary>
    public bool Unused => Resized.Count == 0 && Failed.Count == 0;

    /// <summary>A failure that may go away by itself: the outcome is worth trying again.</summary>
    public bool Retriable => Failed.Any(f => f.Retriable);

    /// <summary>A failure that an operator should see: a disk that would have to shrink, or grow past its host device.</summary>
    public bool Refused => Failed.Any(f => IsRefusal(f.Reason));

    /// <summary>Whether <paramref name="reason"/> is a refusal (nothing was asked of the hypervisor; the outcome goes to the error queue).</summary>
    public static bool IsRefusal(GuestResizeFailureReason reason) =>
        reason is GuestResizeFailureReason.WouldShrink or GuestResizeFailureReason.ExceedsHostDevice;
}
