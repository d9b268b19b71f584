namespace Brick.Virt.Guests;

/// <summary>One disk of one guest, as the hypervisor shows it.</summary>
/// <param name="Domain">The guest: a libvirt domain's name, or a QMP socket's name without its extension.</param>
/// <param name="Disk">The disk as the hypervisor names it: libvirt's target (<c>vda</c>), QMP's device (<c>disk0</c>) or node name.</param>
/// <param name="BackingPath">The file or device the hypervisor opened for it (<c>/dev/mapper/…</c>, <c>/dev/loop0</c>).</param>
/// <param name="SizeBytes">Its size at the hypervisor (what the guest is told).</param>
/// <param name="DomainUuid">The guest's UUID where the hypervisor has one (libvirt): how the backend addresses it, never by name.</param>
public sealed record GuestDisk(string Domain, string Disk, string BackingPath, long SizeBytes, string? DomainUuid = null);
