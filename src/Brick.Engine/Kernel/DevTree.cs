namespace Brick.Engine.Kernel;

/// <summary>The <c>/dev</c> names the worker reads: <c>/dev/disk/by-path</c>, <c>/dev/disk/by-id</c> and device paths from requests.</summary>
internal sealed class DevTree
{
    private readonly RootedTree _tree;

    /// <summary>Opens the device tree at <paramref name="root"/> (<c>/dev</c> on a real host).</summary>
    public DevTree(string root) => _tree = new RootedTree(root, "/dev");

    /// <summary>The entries of <c>/dev/disk/by-path</c>.</summary>
    public IReadOnlyList<string> ByPathEntries() => _tree.List("disk/by-path");

    /// <summary>The kernel name an entry of <c>/dev/disk/by-path</c> leads to, or null where it leads nowhere or to a disallowed name.</summary>
    public string? ResolveByPath(string entry) => ResolveValid($"disk/by-path/{RequireEntry(entry)}");

    /// <summary>The kernel name an entry of <c>/dev/disk/by-id</c> leads to, or null.</summary>
    public string? ResolveById(string entry) => ResolveValid($"disk/by-id/{RequireEntry(entry)}");

    /// <summary>The kernel name a validated <c>/dev/…</c> path leads to, or null.</summary>
    public string? ResolveDevicePath(string devicePath)
    {
        if (!devicePath.StartsWith("/dev/", StringComparison.Ordinal))
            throw new PathEscapeException($"{devicePath} is not under /dev.");
        return ResolveValid(devicePath["/dev/".Length..]);
    }

    private string? ResolveValid(string virtualPath)
    {
        var name = _tree.ResolveName(virtualPath);
        return DeviceName.IsValid(name) ? name : null;
    }

    private static string RequireEntry(string entry) =>
        entry.Length > 0 && !entry.Contains('/') && entry is not ("." or "..")
            ? entry
            : throw new PathEscapeException($"'{entry}' is not a directory entry name.");
}
