using System.Text.Json.Serialization;

namespace Brick.Contracts;

/// <summary>
/// A guest's disk that is backed by the host device of a <see cref="HostVolumeResized"/> has the outcome's size at
/// the hypervisor (so the guest's kernel is told). Published by <c>brick-worker blockresize</c> to
/// <see cref="EntityNames.GuestDiskResizedExchange"/> with the host name as routing key, one per disk.
/// </summary>
/// <param name="VolumeId">The volume, as in the outcome.</param>
/// <param name="Host">The host, as in the outcome.</param>
/// <param name="Domain">The guest: the libvirt domain's name, or the name of its QMP socket without the extension.</param>
/// <param name="Disk">The disk as the hypervisor names it: libvirt's target (<c>vda</c>) or QMP's device or node name.</param>
/// <param name="DevicePath">The disk's backing device as the hypervisor opened it (e.g. <c>/dev/mapper/…</c>).</param>
/// <param name="SizeBytes">The disk's size at the hypervisor now: the outcome's <c>newSizeBytes</c>.</param>
/// <param name="PreviousSizeBytes">Its size before; equal to <paramref name="SizeBytes"/> when it had that size already (a replay).</param>
/// <param name="CorrelationId">The outcome's correlation id.</param>
/// <param name="CompletedAt">When the disk was resized (or found at the size).</param>
/// <param name="ElapsedMs">How long the resize took at the hypervisor, in milliseconds (0 when nothing was asked).</param>
public sealed record GuestDiskResized(
    string VolumeId,
    string Host,
    string Domain,
    string Disk,
    string DevicePath,
    long SizeBytes,
    long PreviousSizeBytes,
    string? CorrelationId,
    [property: JsonConverter(typeof(UtcTimestampConverter))] DateTimeOffset CompletedAt,
    long ElapsedMs);
