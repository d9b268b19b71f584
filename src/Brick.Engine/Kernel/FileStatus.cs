using System.Runtime.InteropServices;

namespace Brick.Engine.Kernel;

/// <summary>
/// One <c>statx(2)</c> of a path, following links: the file's <see cref="FileIdentity"/>, size and whether it is a
/// regular file, all of the one inode the path named at that moment (a path read twice may name two files).
/// Read-only: nothing is opened.
/// </summary>
internal sealed record FileStatus(FileIdentity Identity, long SizeBytes, bool IsRegularFile)
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1, StatxIno = 0x100, StatxSize = 0x200;
    private const int StatxSizeOfStruct = 256;
    private const int SIfMt = 0xF000, SIfReg = 0x8000;

    /// <summary>Reads <paramref name="path"/>'s status; an <see cref="IOException"/> where it cannot be read (gone, no access).</summary>
    public static FileStatus Read(string path)
    {
        // struct statx has one layout on every Linux architecture (include/uapi/linux/stat.h).
        var buffer = new byte[StatxSizeOfStruct];
        if (statx(AtFdCwd, path, 0, StatxType | StatxIno | StatxSize, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"statx {path}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }

        var mask = BitConverter.ToUInt32(buffer, 0);
        if ((mask & (StatxType | StatxIno | StatxSize)) != (StatxType | StatxIno | StatxSize))
            throw new IOException($"statx {path}: the file system did not give its type, inode and size (mask 0x{mask:x}).");
        var mode = BitConverter.ToUInt16(buffer, 28);
        var inode = BitConverter.ToUInt64(buffer, 32);
        var size = BitConverter.ToUInt64(buffer, 40);
        var major = BitConverter.ToUInt32(buffer, 136);
        var minor = BitConverter.ToUInt32(buffer, 140);
        return new FileStatus(new FileIdentity(major, minor, inode), size > long.MaxValue ? long.MaxValue : (long)size, (mode & SIfMt) == SIfReg);
    }

#pragma warning disable SYSLIB1054 // DllImport: a byte[] and a string need no generated marshalling, and the engine allows no unsafe code.
    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
#pragma warning restore SYSLIB1054
}
