using System.IO.MemoryMappedFiles;
using Brick.Service.Residency;
using Brick.Testing;

namespace Brick.Service.Tests.Residency;

/// <summary>
/// A real release in this test process: the kernel drops the clean pages of a file read through a mapping and keeps
/// what the process wrote. It pages out the whole process, so it runs alone.
/// </summary>
[Collection(ProcessWideState.Name)]
public sealed class ProcessMemoryReleaseTests
{
    private const int Size = 16 << 20;

    [Fact]
    public void Releasing_drops_the_clean_pages_of_a_private_file_mapping_and_keeps_the_page_the_process_wrote()
    {
        using var file = TestFile.Create();
        using var mapped = MemoryMappedFile.CreateFromFile(file.Path, FileMode.Open, null, 0, MemoryMappedFileAccess.CopyOnWrite);
        using var view = mapped.CreateViewAccessor(0, 0, MemoryMappedFileAccess.CopyOnWrite);
        var before = ReadEveryPage(view, file.Path);
        view.Write(Size / 2, (byte)42); // one page copied: the process's own, not the file's

        var released = new ProcessMemoryRelease().Release();

        var after = ResidentKiB(file.Path);
        Assert.True(after <= before / 4, $"the mapping still has {after} of {before} KiB resident after the release ({released})");
        Assert.Equal(42, view.ReadByte(Size / 2));
        Assert.Equal(7, view.ReadByte(Size - 1));
        Assert.Equal(0, released.Refused);
    }

    [Fact]
    public void Releasing_drops_the_pages_of_a_read_only_shared_file_mapping()
    {
        using var file = TestFile.Create();
        using var mapped = MemoryMappedFile.CreateFromFile(file.Path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = mapped.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        var before = ReadEveryPage(view, file.Path);

        var released = new ProcessMemoryRelease().Release();

        var after = ResidentKiB(file.Path);
        Assert.True(after <= before / 4, $"the mapping still has {after} of {before} KiB resident after the release ({released})");
        Assert.Equal(7, view.ReadByte(Size - 1));
    }

    /// <summary>Reads a byte of every page of <paramref name="view"/>; returns the KiB of <paramref name="path"/> then resident.</summary>
    private static long ReadEveryPage(MemoryMappedViewAccessor view, string path)
    {
        long sevens = 0;
        for (long offset = 0; offset < Size; offset += 4096)
            sevens += view.ReadByte(offset) == 7 ? 1 : 0;
        Assert.Equal(Size / 4096, sevens);
        var resident = ResidentKiB(path);
        Assert.True(resident >= Size / 1024 * 3 / 4, $"the mapping has {resident} KiB resident after every page was read");
        return resident;
    }

    private static long ResidentKiB(string path) => ResidentMappings.KiB("self", header => header.EndsWith(path, StringComparison.Ordinal));

    /// <summary>
    /// A 16 MiB file beside the tests, written through to the disk (the kernel pages out only clean pages); on a file
    /// system without a disk behind it (tmpfs: nothing to read pages back from) the test is skipped with the reason.
    /// </summary>
    private sealed class TestFile : IDisposable
    {
        private TestFile(string path) => Path = path;

        public string Path { get; }

        public static TestFile Create()
        {
            var directory = AppContext.BaseDirectory;
            var format = new DriveInfo(directory).DriveFormat;
            if (format is "tmpfs" or "ramfs")
                Assert.Skip($"{directory} is on {format}: its pages have no file on a disk to be read back from, so the kernel does not page them out");
            var file = new TestFile(System.IO.Path.Combine(directory, $"release-{Guid.NewGuid():N}.bin"));
            using var stream = new FileStream(file.Path, FileMode.CreateNew, FileAccess.Write);
            stream.Write(Enumerable.Repeat((byte)7, Size).ToArray());
            stream.Flush(flushToDisk: true);
            return file;
        }

        public void Dispose() => File.Delete(Path);
    }
}
