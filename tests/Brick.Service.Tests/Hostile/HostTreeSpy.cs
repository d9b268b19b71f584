using System.Security.Cryptography;

namespace Brick.Service.Tests.Hostile;

/// <summary>
/// A sysfs-write spy: a fingerprint of every file of the simulated host's tree (its path, length, time of last write
/// and content), so that any write between two looks shows.
/// </summary>
internal static class HostTreeSpy
{
    /// <summary>The fingerprint of the tree under <paramref name="root"/>, one line per file or link.</summary>
    /// <remarks>
    /// Links are listed, never followed: sysfs is full of links back up the tree (<c>dm-0/slaves/sda/holders/dm-0</c>),
    /// and an enumeration that follows them (a recursive one that skips no attributes) goes round them until the kernel
    /// says ELOOP, growing to gigabytes on the way.
    /// </remarks>
    public static IReadOnlyList<string> Fingerprint(string root) =>
        [.. Entries(root).Order(StringComparer.Ordinal).Select(path => Describe(root, path))];

    private static IEnumerable<string> Entries(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0 };
        var directories = new Stack<string>([root]);
        while (directories.TryPop(out var directory))
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(directory, "*", options))
            {
                yield return path;
                var info = new FileInfo(path);
                if (info.LinkTarget is null && info.Attributes.HasFlag(FileAttributes.Directory))
                    directories.Push(path);
            }
        }
    }

    /// <summary>The lines of <paramref name="after"/> that differ from <paramref name="before"/>: the writes seen.</summary>
    public static IReadOnlyList<string> Writes(IReadOnlyList<string> before, IReadOnlyList<string> after) =>
        [.. after.Except(before, StringComparer.Ordinal).Concat(before.Except(after, StringComparer.Ordinal))];

    private static string Describe(string root, string path)
    {
        var info = new FileInfo(path);
        var relative = Path.GetRelativePath(root, path);
        if (info.LinkTarget is { } target)
            return $"{relative} -> {target}";
        if (info.Attributes.HasFlag(FileAttributes.Directory))
            return $"{relative}/";
        // An empty file is not opened: it may be a FIFO (a blocked rescan), whose read would wait for a writer.
        var content = info.Length == 0 ? "empty" : info.Length <= 1 << 16 ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) : "large";
        return $"{relative} {info.Length} {info.LastWriteTimeUtc.Ticks} {content}";
    }
}
