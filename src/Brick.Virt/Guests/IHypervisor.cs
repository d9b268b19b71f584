namespace Brick.Virt.Guests;

/// <summary>A hypervisor backend: lists the guests' disks and resizes one. Every call is bounded in time.</summary>
public interface IHypervisor
{
    /// <summary>A name for logs: <c>qmp DIR</c> or <c>libvirt URI</c>.</summary>
    string Name { get; }

    /// <summary>Every running guest's disks; a guest that cannot be asked is listed in <see cref="GuestListing.Unanswered"/>, never thrown.</summary>
    Task<GuestListing> ListDisksAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Sets <paramref name="disk"/> to <paramref name="sizeBytes"/> at the hypervisor, which tells the guest. Throws
    /// <see cref="HypervisorException"/> (gone, timed out, failed).
    /// </summary>
    Task ResizeAsync(GuestDisk disk, long sizeBytes, CancellationToken cancellationToken);
}
