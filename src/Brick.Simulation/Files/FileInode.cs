using System.Globalization;
using System.Runtime.InteropServices;

namespace Brick.Simulation.Files;

/// <summary>
/// A file's device (major:minor) and inode, as the simulated kernel reports a loop device's backing file
/// (<c>losetup --list</c>'s <c>BACK-MAJ:MIN</c> and <c>BACK-INO</c>): one <c>statx(2)</c> of the file in the host's tree.
/// </summary>
internal static partial class FileInode
{
    /// <summary>The <c>BACK-MAJ:MIN</c> and <c>BACK-INO</c> of <paramref name="path"/>.</summary>
    public static (string MajorMinor, ulong Inode) Of(string path)
    {
        var buffer = new byte[256];
        if (Statx(-100, path, 0, 0x100, buffer) != 0)
            throw new IOException($"statx {path}: errno {Marshal.GetLastPInvokeError()}");
        return (string.Create(CultureInfo.InvariantCulture, $"{BitConverter.ToUInt32(buffer, 136)}:{BitConverter.ToUInt32(buffer, 140)}"),
            BitConverter.ToUInt64(buffer, 32));
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);
}
