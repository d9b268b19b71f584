using System.Runtime.InteropServices;

namespace Brick.Service.Residency;

/// <summary>
/// Asks the kernel (<c>madvise</c>) to drop the resident pages of file mappings now (<c>MADV_PAGEOUT</c>, Linux 5.4):
/// clean pages mapped by this process alone are freed, and read again from the file when touched; pages that other
/// processes map as well are left alone, and so are pages the process wrote (its own memory, not the file's). The
/// runtime maps each assembly of a single-file bundle twice, a read-only shared view beside the loaded image, and some
/// kernels do not page out a page mapped twice: so the read-only shared views of the program's own file are let go of
/// first (<c>MADV_DONTNEED</c>, which for them only unmaps: a read-only shared mapping holds nothing of the process's
/// own, and a page is read from the file again when touched). Only the program's own file: it stays mapped for the
/// life of the process, where another file's view could be unmapped by another thread, and its addresses reused for
/// memory of the process's own, between the reading of the maps and the advice. With <c>MADV_RANDOM</c>, a page touched
/// later is read alone instead of with its neighbours (the kernel's read-around), so that what comes back is what is
/// used. The kernel pages out a file's pages only for a process that could write the file (its owner, or root).
/// </summary>
internal static class PageAdvice
{
    private const int Random = 1;
    private const int DontNeed = 4;
    private const int PageOut = 21;

    private const int WriteAccess = 2;

    /// <summary>
    /// Advises each of <paramref name="mappings"/>, the read-only shared views of <paramref name="program"/> let go of
    /// first; returns how many the kernel took, and the error of the last it refused (0: none).
    /// </summary>
    public static (int PagedOut, int Refused, int LastError) Release(IReadOnlyList<FileMapping> mappings, string? program)
    {
        int pagedOut = 0, refused = 0, lastError = 0;
        foreach (var mapping in mappings.Where(m => m.Shared && m.Path == program))
            _ = madvise((nint)mapping.Start, (nuint)mapping.Length, DontNeed);
        foreach (var mapping in mappings)
        {
            _ = madvise((nint)mapping.Start, (nuint)mapping.Length, Random);
            if (madvise((nint)mapping.Start, (nuint)mapping.Length, PageOut) == 0)
            {
                pagedOut++;
            }
            else
            {
                refused++;
                lastError = Marshal.GetLastPInvokeError();
            }
        }

        return (pagedOut, refused, lastError);
    }

    /// <summary>Whether the kernel pages out <paramref name="program"/>'s pages for this process: it runs as root, or may write the file.</summary>
    public static bool CanPageOut(string program) => geteuid() == 0 || access(program, WriteAccess) == 0;

#pragma warning disable SYSLIB1054 // DllImport: plain integers and a string need no generated marshalling, and the service allows no unsafe code.
    [DllImport("libc", SetLastError = true)]
    private static extern int madvise(nint address, nuint length, int advice);

    [DllImport("libc")]
    private static extern uint geteuid();

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);

#pragma warning restore SYSLIB1054
}
