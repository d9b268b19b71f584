using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Kernel;

namespace Brick.Engine.Discovery;

/// <summary>Checks, before anything is touched, that SCSI disks are the volume's: one WWID for all, the requested one if given, and running.</summary>
internal sealed class ScsiIdentity(Sysfs sys)
{
    /// <summary>The WWID of a disk in multipath form, from <c>device/wwid</c> or else VPD page 0x83, or null.</summary>
    public string? ReadWwid(string disk)
    {
        var text = sys.ReadScsiWwidText(disk);
        if (!string.IsNullOrWhiteSpace(text))
            return ScsiWwid.Normalize(text);
        var page = sys.ReadVpdPage83(disk);
        return page is null ? null : ScsiWwid.FromVpdPage83(page);
    }

    /// <summary>Throws <c>WwidMismatch</c> unless every disk reports the same WWID, equal to <paramref name="expected"/> where given.</summary>
    public string? RequireSameVolume(IReadOnlyList<string> disks, string? expected)
    {
        var seen = disks.Select(d => (Disk: d, Wwid: ReadWwid(d))).ToList();
        if (expected is not null)
        {
            var wrong = seen.Where(s => s.Wwid != expected).ToList();
            if (wrong.Count > 0)
            {
                throw new ExtendFailedException(ResizeFailureReason.WwidMismatch,
                    $"The request names WWID {expected} but {string.Join(", ", wrong.Select(w => $"{w.Disk} reports {w.Wwid ?? "none"}"))}; nothing was touched.");
            }

            return expected;
        }

        var distinct = seen.Select(s => s.Wwid).Distinct().ToList();
        if (distinct.Count > 1)
        {
            throw new ExtendFailedException(ResizeFailureReason.WwidMismatch,
                $"The paths report different WWIDs ({string.Join(", ", seen.Select(s => $"{s.Disk}: {s.Wwid ?? "none"}"))}); nothing was touched.");
        }

        return distinct[0];
    }

    /// <summary>Throws <c>DeviceNotFound</c> when a disk's device is not <c>running</c> (offline, blocked, transport-offline).</summary>
    public void RequireRunning(IReadOnlyList<string> disks)
    {
        var down = disks.Select(d => (Disk: d, State: sys.ReadScsiState(d))).Where(s => s.State != "running").ToList();
        if (down.Count > 0)
        {
            throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound,
                $"Path {string.Join(", ", down.Select(d => $"{d.Disk} is {d.State ?? "gone"}"))}: every path must be running before a resize; nothing was touched.");
        }
    }
}
