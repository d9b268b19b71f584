using System.Diagnostics;
using Brick.Contracts;
using Brick.Service.Settings;
using Brick.Virt.Guests;
using Microsoft.Extensions.Logging;

namespace Brick.Virt.Resizing;

/// <summary>
/// Gives every guest disk backed by an outcome's device the outcome's size, exactly, never less than the hypervisor
/// shows: a disk at that size already is left alone (a replayed outcome) and reported resized; a larger one is refused
/// (<see cref="GuestResizeFailureReason.WouldShrink"/>); a smaller one is resized at the hypervisor. Disks are matched by
/// the device the kernel sees (<see cref="DeviceIdentity"/>), so <c>/dev/dm-3</c>, <c>/dev/mapper/…</c> and
/// <c>/dev/disk/by-id/…</c> are one device. The outcome's size is never trusted beyond the host device's own size
/// (<see cref="DeviceIdentity.SizeOf"/>, read from the kernel when a disk is to be given it): more is refused
/// (<see cref="GuestResizeFailureReason.ExceedsHostDevice"/>), whatever the disk's format (raw, qcow2, …).
/// </summary>
public sealed partial class GuestDiskResizer(
    IHypervisor hypervisor, DeviceIdentity identity, VirtMetrics metrics, TimeProvider clock, ILogger<GuestDiskResizer> logger)
{
    /// <summary>Does the work for <paramref name="outcome"/>; never throws for a guest's failure (it is in the report).</summary>
    public async Task<BlockresizeReport> ResizeAsync(HostVolumeResized outcome, string? correlationId, CancellationToken cancellationToken)
    {
        var device = identity.KeyOf(outcome.DevicePath);
        var listing = await hypervisor.ListDisksAsync(cancellationToken);
        var resized = new List<GuestDiskResized>();
        var failed = new List<GuestDiskResizeFailed>();

        foreach (var problem in listing.Unanswered)
        {
            LogUnanswered(problem.Domain, Secrets.Scrub(problem.Error.Message));
            failed.Add(Failure(outcome, correlationId, problem.Domain, null, outcome.DevicePath, null, problem.Error.Reason, problem.Error.Message));
        }

        long? deviceSize = null;
        var deviceSizeRead = false;
        foreach (var disk in listing.Disks.Where(d => identity.KeyOf(d.BackingPath) == device))
        {
            var target = outcome.NewSizeBytes;
            if (disk.SizeBytes > target)
            {
                failed.Add(Failure(outcome, correlationId, disk.Domain, disk.Disk, disk.BackingPath, disk.SizeBytes, GuestResizeFailureReason.WouldShrink,
                    $"{disk.Domain} {disk.Disk} is {disk.SizeBytes} bytes at the hypervisor, more than the volume's {target}: a disk is never made smaller."));
                continue;
            }

            // The outcome's size is a claim; the host device's own size (read now, from the kernel) is the bound.
            if (!deviceSizeRead)
            {
                deviceSize = identity.SizeOf(outcome.DevicePath);
                deviceSizeRead = true;
            }

            if (deviceSize is null || target > deviceSize)
            {
                failed.Add(Failure(outcome, correlationId, disk.Domain, disk.Disk, disk.BackingPath, disk.SizeBytes, GuestResizeFailureReason.ExceedsHostDevice,
                    deviceSize is null
                        ? $"The size of the host device {outcome.DevicePath} cannot be read from the kernel: {disk.Domain} {disk.Disk} is not given {target} bytes."
                        : $"The host device {outcome.DevicePath} is {deviceSize} bytes, less than the {target} asked: {disk.Domain} {disk.Disk} is never made larger than its device."));
                continue;
            }

            if (disk.SizeBytes == target)
            {
                metrics.DiskUnchanged();
                LogUnchanged(disk.Domain, disk.Disk, target);
                resized.Add(Resized(outcome, correlationId, disk, 0));
                continue;
            }

            var clockStarted = Stopwatch.GetTimestamp();
            try
            {
                await hypervisor.ResizeAsync(disk, target, cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(clockStarted);
                metrics.DiskResized(elapsed);
                LogResized(disk.Domain, disk.Disk, disk.BackingPath, disk.SizeBytes, target, (long)elapsed.TotalMilliseconds);
                resized.Add(Resized(outcome, correlationId, disk, (long)elapsed.TotalMilliseconds));
            }
            catch (HypervisorException e)
            {
                failed.Add(Failure(outcome, correlationId, disk.Domain, disk.Disk, disk.BackingPath, disk.SizeBytes, e.Reason, e.Message));
            }
        }

        foreach (var failure in failed)
        {
            metrics.DiskFailed(failure.Reason.ToString());
            LogFailed(failure.Domain, failure.Disk, failure.Reason, failure.Detail);
        }

        return new BlockresizeReport(resized, failed);
    }

    private GuestDiskResized Resized(HostVolumeResized outcome, string? correlationId, GuestDisk disk, long elapsedMs) =>
        new(outcome.VolumeId, outcome.Host, disk.Domain, disk.Disk, disk.BackingPath, outcome.NewSizeBytes, disk.SizeBytes, correlationId,
            clock.GetUtcNow(), elapsedMs);

    private GuestDiskResizeFailed Failure(
        HostVolumeResized outcome, string? correlationId, string domain, string? disk, string devicePath, long? observed,
        GuestResizeFailureReason reason, string detail) =>
        new(outcome.VolumeId, outcome.Host, domain, disk, devicePath, outcome.NewSizeBytes, observed, reason, Secrets.Scrub(detail),
            IsRetriable(reason), correlationId, clock.GetUtcNow());

    /// <summary>Whether a failure for <paramref name="reason"/> may go away by itself.</summary>
    public static bool IsRetriable(GuestResizeFailureReason reason) =>
        reason is GuestResizeFailureReason.HypervisorTimeout or GuestResizeFailureReason.HypervisorFailed;

    [LoggerMessage(Level = LogLevel.Information, Message = "Resized {Domain} {Disk} ({BackingPath}) from {FromBytes} to {ToBytes} bytes in {ElapsedMs} ms")]
    private partial void LogResized(string domain, string disk, string backingPath, long fromBytes, long toBytes, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Domain} {Disk} has {SizeBytes} bytes already: nothing to do")]
    private partial void LogUnchanged(string domain, string disk, long sizeBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask guest {Domain} for its disks: {Detail}")]
    private partial void LogUnanswered(string domain, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Domain} {Disk}: {Reason}: {Detail}")]
    private partial void LogFailed(string domain, string? disk, GuestResizeFailureReason reason, string detail);
}
