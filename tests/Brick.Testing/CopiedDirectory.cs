namespace Brick.Testing;

/// <summary>
/// A copy of a build or publish folder beside it (on the same file system), written through to the disk, removed when
/// disposed: a program run from it maps files no other process maps, so the kernel pages them out for it alone (an
/// idle release), and only clean pages are paged out.
/// </summary>
public sealed class CopiedDirectory : IDisposable
{
    /// <summary>Copies <paramref name="source"/> and everything under it.</summary>
    public CopiedDirectory(string source)
    {
        source = System.IO.Path.GetFullPath(source).TrimEnd('/');
        Path = $"{source}.copy-{Guid.NewGuid():N}";
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(Path, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            using (var from = File.OpenRead(file))
            using (var to = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
            {
                from.CopyTo(to);
                to.Flush(flushToDisk: true);
            }

            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }
    }

    /// <summary>The copy.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
