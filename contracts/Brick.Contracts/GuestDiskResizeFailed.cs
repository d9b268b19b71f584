using System.Text.Json.Serialization;

namespace Brick.Contracts;

/// <summary>
/// A guest's disk backed by the host device of a <see cref="HostVolumeResized"/> could not be given the outcome's size,
/// or a guest could not be asked about its disks. Published by <c>brick-worker blockresize</c> to
/// <see cref="EntityNames.GuestDiskResizeFailedExchange"/> with the host name as routing key.
/// </summary>
/// <param name="VolumeId">The volume, as in the outcome.</param>
/// <param name="Host">The host, as in the outcome.</param>
/// <param name="Domain">The guest: the libvirt domain's name, or the name of its QMP socket without the extension.</param>
/// <param name="Disk">The disk as the hypervisor names it, or null where the guest's disks could not be listed.</param>
/// <param name="DevicePath">The disk's backing device as the hypervisor opened it, or the outcome's device where no disk is known.</param>
/// <param name="RequestedSizeBytes">The outcome's <c>newSizeBytes</c>.</param>
/// <param name="ObservedSizeBytes">The disk's size at the hypervisor, where it was read.</param>
/// <param name="Reason">Why.</param>
/// <param name="Detail">One human sentence.</param>
/// <param name="Retriable">Whether the same outcome may succeed later as it is.</param>
/// <param name="CorrelationId">The outcome's correlation id.</param>
/// <param name="FailedAt">When it failed.</param>
public sealed record GuestDiskResizeFailed(
    string VolumeId,
    string Host,
    string Domain,
    string? Disk,
    string DevicePath,
    long RequestedSizeBytes,
    long? ObservedSizeBytes,
    GuestResizeFailureReason Reason,
    string Detail,
    bool Retriable,
    string? CorrelationId,
    [property: JsonConverter(typeof(UtcTimestampConverter))] DateTimeOffset FailedAt);
