using System.IO.MemoryMappedFiles;
using Brick.Service.Residency;

namespace Brick.Service.Tests.Residency;

public sealed class ProcessMemoryReleaseTests
{
    private const int Size = 16 << 20;

    [Fact]
    public void Releasing_drops_the_resident_pages_of_a_file_the_process_read_through_a_mapping() => ReadThenRelease(views: 1);

    [Fact]
    public void Releasing_drops_the_pages_of_a_file_mapped_twice_as_the_runtime_maps_a_bundle_s_assemblies() => ReadThenRelease(views: 2);

    private static void ReadThenRelease(int views)
    {
        // On disk beside the tests (a tmpfs has no file to read pages back from), written through to it: the kernel
        // pages out only clean pages.
        var path = Path.Combine(AppContext.BaseDirectory, $"release-{Guid.NewGuid():N}.bin");
        try
        {
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(Enumerable.Repeat((byte)7, Size).ToArray());
                file.Flush(flushToDisk: true);
            }

            using var mapped = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            var accessors = Enumerable.Range(0, views).Select(_ => mapped.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read)).ToList();
            try
            {
                foreach (var view in accessors)
                {
                    long sum = 0;
                    for (long offset = 0; offset < Size; offset += 4096)
                        sum += view.ReadByte(offset);
                    Assert.Equal(7L * (Size / 4096), sum);
                }

                var before = ResidentKiB(path);
                Assert.True(before >= views * Size / 1024 * 3 / 4, $"the mappings have {before} KiB resident after every page was read");

                var released = new ProcessMemoryRelease().Release();

                var after = ResidentKiB(path);
                Assert.True(after <= before / 4, $"the mappings still have {after} of {before} KiB resident after the release ({released})");
                Assert.True(released.PagedOut > 0 && released.Refused == 0, released.ToString());
                Assert.All(accessors, view => Assert.Equal(7, view.ReadByte(Size - 1)));
            }
            finally
            {
                accessors.ForEach(view => view.Dispose());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The resident KiB of the mappings of <paramref name="path"/> (<c>/proc/self/smaps</c>).</summary>
    private static long ResidentKiB(string path)
    {
        long total = 0;
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var first = line.Split(' ', 2)[0];
            if (first.Contains('-', StringComparison.Ordinal) && !first.EndsWith(':'))
                inside = line.EndsWith(path, StringComparison.Ordinal); // a mapping's header: range perms offset dev inode path
            else if (inside && first == "Rss:")
                total += long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return total;
    }
}
