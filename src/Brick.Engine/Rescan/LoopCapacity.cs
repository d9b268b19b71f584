using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Kernel;

namespace Brick.Engine.Rescan;

/// <summary>
/// What <c>losetup --set-capacity</c> would give a loop device: its backing file's size (the one file outside
/// <c>/sys</c> and <c>/dev</c> the worker looks at, for its size only) less <c>loop/offset</c>, at most
/// <c>loop/sizelimit</c>, in whole sectors. <c>losetup</c> takes whatever the file holds, smaller too: a loop device
/// is never shrunk, so it does not run when the capacity is smaller than the device now is.
/// </summary>
internal static class LoopCapacity
{
    /// <summary>Throws unless setting the capacity of <paramref name="loop"/> now would keep or grow it.</summary>
    public static void RequireNoShrink(Sysfs sys, string loop)
    {
        var backing = sys.ReadLoopBackingFile(loop);
        if (string.IsNullOrEmpty(backing) || backing.EndsWith(" (deleted)", StringComparison.Ordinal) || !backing.StartsWith('/'))
        {
            throw new ExtendFailedException(ResizeFailureReason.CommandFailed,
                $"{loop}'s backing file is {(string.IsNullOrEmpty(backing) ? "unknown" : "gone")}; its size cannot be checked, so losetup --set-capacity was not run.", retriable: false);
        }

        long fileBytes;
        try
        {
            fileBytes = new FileInfo(backing).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExtendFailedException(ResizeFailureReason.CommandFailed,
                $"The size of {loop}'s backing file cannot be read ({e.Message}); losetup --set-capacity was not run.", retriable: false);
        }

        var capacity = Math.Max(0, fileBytes - sys.ReadLoopBytes(loop, "offset"));
        var limit = sys.ReadLoopBytes(loop, "sizelimit");
        if (limit > 0)
            capacity = Math.Min(capacity, limit);
        capacity -= capacity % 512;

        var current = sys.ReadSizeBytes(loop)
            ?? throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound, $"{loop} has no size; losetup --set-capacity was not run.");
        if (capacity < current)
        {
            throw new ExtendFailedException(ResizeFailureReason.PathSizeMismatch,
                $"{loop}'s backing file gives {capacity} bytes, less than the {current} the device shows: losetup --set-capacity would shrink it, so it was not run (was the file truncated?).",
                retriable: false);
        }
    }
}
