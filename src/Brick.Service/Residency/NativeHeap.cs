using System.Runtime.InteropServices;

namespace Brick.Service.Residency;

/// <summary>
/// The C library's heap (the runtime's own native allocations: the JIT's, the type loader's, the thread pool's), which
/// keeps freed memory for later allocations instead of handing it back. <c>malloc_trim(0)</c> (glibc) gives the free
/// pages of every arena back to the kernel; where the C library has no such call (musl), nothing is done.
/// </summary>
internal static class NativeHeap
{
    /// <summary>Hands the heap's free pages back to the kernel; says whether the C library could (and released any).</summary>
    public static bool Trim()
    {
        try
        {
            return malloc_trim(0) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

#pragma warning disable SYSLIB1054 // DllImport: a plain integer needs no generated marshalling, and the service allows no unsafe code.
    [DllImport("libc")]
    private static extern int malloc_trim(nuint pad);
#pragma warning restore SYSLIB1054
}
