using System.Globalization;
using System.Runtime.InteropServices;
using Brick.Service.Residency;

namespace Brick.Service.Tests.Residency;

/// <summary>
/// Trimming the C library's heap hands back pages that were freed in the middle of it, which <c>free</c> alone keeps
/// (it gives back only what is at the top of a heap). Measured on this process's resident memory, so it runs alone.
/// </summary>
[Collection(ProcessWideState.Name)]
public sealed class NativeHeapTests
{
    private const int Blocks = 1024;
    private const int BlockSize = 64 << 10; // under glibc's mmap threshold: the blocks come from the heap itself

    [Fact]
    public void Trimming_hands_back_the_pages_of_native_memory_freed_between_memory_still_in_use()
    {
        var blocks = new nint[Blocks];
        for (var i = 0; i < Blocks; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(BlockSize);
            for (var offset = 0; offset < BlockSize; offset += 4096)
                Marshal.WriteByte(blocks[i], offset, 1); // resident
        }

        try
        {
            // Every other block: each freed one lies between two in use, so free cannot give it back by shrinking the heap.
            for (var i = 0; i < Blocks; i += 2)
            {
                Marshal.FreeHGlobal(blocks[i]);
                blocks[i] = 0;
            }

            var before = ResidentKiB();

            var trimmed = NativeHeap.Trim();

            var after = ResidentKiB();
            const long freed = (long)Blocks / 2 * BlockSize / 1024;
            Assert.True(trimmed, "malloc_trim gave nothing back");
            Assert.True(before - after >= freed / 2, $"resident {before} → {after} KiB after trimming {freed} KiB of freed blocks");
        }
        finally
        {
            foreach (var block in blocks.Where(b => b != 0))
                Marshal.FreeHGlobal(block);
        }
    }

    private static long ResidentKiB() =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
}
