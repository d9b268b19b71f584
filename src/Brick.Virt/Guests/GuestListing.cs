namespace Brick.Virt.Guests;

/// <summary>What the hypervisor answered when asked for every guest's disks.</summary>
/// <param name="Disks">The disks of the guests that answered.</param>
/// <param name="Unanswered">The guests that were there but could not be asked (timed out or failed), and why.</param>
public sealed record GuestListing(IReadOnlyList<GuestDisk> Disks, IReadOnlyList<GuestProblem> Unanswered);

/// <summary>A guest that could not be asked about its disks.</summary>
/// <param name="Domain">The guest.</param>
/// <param name="Error">What went wrong.</param>
public sealed record GuestProblem(string Domain, HypervisorException Error);
