using System.Runtime.InteropServices;

namespace Brick.Service.Residency;

/// <summary>
/// Asks the kernel (<c>madvise</c>) to drop the resident pages of file mappings now (<c>MADV_PAGEOUT</c>, Linux 5.4):
/// clean pages mapped by this process alone are freed, and read again from the file when touched; pages that other
/// processes map as well are left alone. The runtime maps each assembly of a single-file bundle twice, a read-only
/// shared view beside the loaded image, and the kernel will not page out a page mapped twice: so the read-only shared
/// views are let go of first (<c>MADV_DONTNEED</c>, which for them only unmaps: there is nothing of the process's own in
/// a read-only shared mapping, and a page is read from the file again when touched). With <c>MADV_RANDOM</c>, a page
/// touched later is read alone instead of with its neighbours (the kernel's read-around), so that what comes back is
/// what is used.
/// </summary>
internal static class PageAdvice
{
    private const int Random = 1;
    private const int DontNeed = 4;
    private const int PageOut = 21;

    /// <summary>Advises each of <paramref name="mappings"/>; returns how many the kernel took, and the error of the last it refused (0: none).</summary>
    public static (int PagedOut, int Refused, int LastError) Release(IReadOnlyList<FileMapping> mappings)
    {
        int pagedOut = 0, refused = 0, lastError = 0;
        foreach (var mapping in mappings.Where(m => m.Shared))
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

#pragma warning disable SYSLIB1054 // DllImport: plain integers need no generated marshalling, and the service allows no unsafe code.
    [DllImport("libc", SetLastError = true)]
    private static extern int madvise(nint address, nuint length, int advice);

#pragma warning restore SYSLIB1054
}
