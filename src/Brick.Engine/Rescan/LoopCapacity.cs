using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Kernel;

namespace Brick.Engine.Rescan;

/// <summary>
/// What <c>losetup --set-capacity</c> would give a loop device: its backing file's size (the one file outside
/// <c>/sys</c> and <c>/dev</c> the worker looks at, with one <c>statx</c>, for its identity and size only) less
/// <c>loop/offset</c>, at most <c>loop/sizelimit</c>, in whole sectors. <c>losetup</c> takes whatever the file holds,
/// smaller too: a loop device is never shrunk, so it does not run when the capacity is smaller than the device now is.
/// </summary>
/// <remarks>
/// <c>loop/backing_file</c> is a path, and a path is not the file: in a container (another mount namespace), behind a
/// mount over it, or after the file was replaced, the path the worker sees names another file than the one the kernel
/// holds, or none. The file the path names is used only when it is the kernel's own (the same device and inode as
/// <c>losetup --list</c> reports, <see cref="LoopBackingIdentity"/>); otherwise <c>losetup</c> is not run,
/// <c>WwidMismatch</c>, not retriable.
/// </remarks>
internal static class LoopCapacity
{
    /// <summary>
    /// Throws unless setting the capacity of <paramref name="loop"/> now would keep or grow it, judged from the file
    /// <paramref name="kernelHolds"/> (the identity of the backing file the kernel reports) and nothing else.
    /// </summary>
    public static void RequireNoShrink(Sysfs sys, string loop, FileIdentity kernelHolds)
    {
        var backing = sys.ReadLoopBackingFile(loop);
        if (!IsUsableBackingPath(backing))
        {
            throw new ExtendFailedException(ResizeFailureReason.CommandFailed,
                $"{loop}'s backing file is {(string.IsNullOrEmpty(backing) ? "unknown" : "gone")}; its size cannot be checked, so losetup --set-capacity was not run.", retriable: false);
        }

        FileStatus file;
        try
        {
            file = FileStatus.Read(backing);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExtendFailedException(ResizeFailureReason.CommandFailed,
                $"{loop}'s backing file cannot be read at {backing} here ({e.Message}); the kernel holds {kernelHolds}, whose size the worker cannot see (another mount namespace?), so losetup --set-capacity was not run.",
                retriable: false);
        }

        if (file.Identity != kernelHolds)
        {
            throw new ExtendFailedException(ResizeFailureReason.WwidMismatch,
                $"{backing} here is {file.Identity}, but the backing file the kernel holds for {loop} is {kernelHolds}: the path names another file (replaced or renamed, a mount over it, or another mount namespace), so its size says nothing about {loop} and losetup --set-capacity was not run.",
                retriable: false);
        }

        if (!file.IsRegularFile)
        {
            throw new ExtendFailedException(ResizeFailureReason.Unsupported,
                $"{loop}'s backing file {backing} is not a regular file; its size cannot be checked, so losetup --set-capacity was not run.", retriable: false);
        }

        var capacity = Capacity(sys, loop, file.SizeBytes);
        var current = sys.ReadSizeBytes(loop)
            ?? throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound, $"{loop} has no size; losetup --set-capacity was not run.");
        if (capacity < current)
        {
            throw new ExtendFailedException(ResizeFailureReason.PathSizeMismatch,
                $"{loop}'s backing file gives {capacity} bytes, less than the {current} the device shows: losetup --set-capacity would shrink it, so it was not run (was the file truncated?).",
                retriable: false);
        }
    }

    /// <summary>
    /// True when the file that <c>loop/backing_file</c> names, read with no program, would keep <paramref name="loop"/>
    /// at least at the size it shows; false when that cannot be told so (no such file here, not a regular file, or
    /// smaller), and the kernel's own account is needed (<see cref="RequireNoShrink"/>). For a device that already
    /// shows the size asked, where nothing is written either way.
    /// </summary>
    public static bool PathShowsNoShrink(Sysfs sys, string loop)
    {
        var backing = sys.ReadLoopBackingFile(loop);
        if (!IsUsableBackingPath(backing))
            return false;
        FileStatus file;
        try
        {
            file = FileStatus.Read(backing);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return file.IsRegularFile && sys.ReadSizeBytes(loop) is { } current && Capacity(sys, loop, file.SizeBytes) >= current;
    }

    /// <summary>
    /// A path the worker can look the backing file up by: known, absolute, and not the kernel's <c> (deleted)</c> mark of
    /// a file unlinked since it was attached.
    /// </summary>
    private static bool IsUsableBackingPath([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? backing) =>
        !string.IsNullOrEmpty(backing) && !backing.EndsWith(" (deleted)", StringComparison.Ordinal) && backing.StartsWith('/');

    private static long Capacity(Sysfs sys, string loop, long fileBytes)
    {
        var capacity = Math.Max(0, fileBytes - sys.ReadLoopBytes(loop, "offset"));
        var limit = sys.ReadLoopBytes(loop, "sizelimit");
        if (limit > 0)
            capacity = Math.Min(capacity, limit);
        return capacity - (capacity % 512);
    }
}
