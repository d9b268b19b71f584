using System.Security.Cryptography;

namespace Brick.Service.Tests.Hostile;

/// <summary>
/// A sysfs-write spy: a fingerprint of every file of the simulated host's tree (its path, length, time of last write
/// and content), so that any write between two looks shows.
/// </summary>
internal static class HostTreeSpy
{
    /// <summary>The fingerprint of the tree under <paramref name="root"/>, one line per file or link.</summary>
    public static IReadOnlyList<string> Fingerprint(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Order(StringComparer.Ordinal)
            .Select(path => Describe(root, path))];

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
        var content = info.Length <= 1 << 16 ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) : "large";
        return $"{relative} {info.Length} {info.LastWriteTimeUtc.Ticks} {content}";
    }
}
