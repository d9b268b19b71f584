namespace Brick.Engine.Kernel;

/// <summary>
/// A directory tree that stands for <paramref name="canonicalPrefix"/> (<c>/sys</c> or <c>/dev</c>) and is never left:
/// symbolic links are followed one component at a time, <c>..</c> stops at the root, and an absolute link target is
/// taken inside the root (as in a chroot) when it starts with the canonical prefix, else refused.
/// </summary>
/// <param name="root">The real directory, e.g. <c>/sys</c> or a temp folder.</param>
/// <param name="canonicalPrefix">The path the tree stands for on a real host.</param>
internal sealed class RootedTree(string root, string canonicalPrefix)
{
    private const int MaxLinks = 40;

    public string Root { get; } = Path.GetFullPath(root).TrimEnd('/') is { Length: > 0 } r ? r : "/";

    public string CanonicalPrefix { get; } = canonicalPrefix;

    /// <summary>The real path of <paramref name="virtualPath"/> (relative to the root, e.g. <c>block/sda/size</c>), all links resolved.</summary>
    public string Resolve(string virtualPath)
    {
        var pending = new Stack<string>(Split(virtualPath).Reverse());
        var resolved = new List<string>();
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part is "" or ".")
                continue;
            if (part == "..")
            {
                if (resolved.Count > 0)
                    resolved.RemoveAt(resolved.Count - 1);
                continue;
            }

            var candidate = Join(resolved.Append(part));
            var target = new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                resolved.Add(part);
                continue;
            }

            if (++links > MaxLinks)
                throw new PathEscapeException($"Too many symbolic links under {CanonicalPrefix}/{virtualPath}.");
            if (target.StartsWith('/'))
            {
                if (!IsUnder(target, CanonicalPrefix))
                    throw new PathEscapeException($"{CanonicalPrefix}/{virtualPath} links to {target}, outside {CanonicalPrefix}.");
                resolved.Clear();
                target = target[CanonicalPrefix.Length..];
            }

            foreach (var linked in Split(target).Reverse())
                pending.Push(linked);
        }

        return Join(resolved);
    }

    /// <summary>The last name of the resolved path of <paramref name="virtualPath"/>, or null where nothing is there.</summary>
    public string? ResolveName(string virtualPath)
    {
        var real = Resolve(virtualPath);
        return Path.Exists(real) && real != Root ? Path.GetFileName(real) : null;
    }

    public bool Exists(string virtualPath) => Path.Exists(Resolve(virtualPath));

    /// <summary>The trimmed text of a file, or null where it does not exist.</summary>
    public string? ReadText(string virtualPath)
    {
        var real = Resolve(virtualPath);
        try
        {
            return File.ReadAllText(real).Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public byte[]? ReadBytes(string virtualPath)
    {
        var real = Resolve(virtualPath);
        return File.Exists(real) ? File.ReadAllBytes(real) : null;
    }

    /// <summary>The names in a directory (links not followed), or none where it does not exist.</summary>
    public IReadOnlyList<string> List(string virtualPath)
    {
        var real = Resolve(virtualPath);
        return Directory.Exists(real)
            ? [.. Directory.EnumerateFileSystemEntries(real).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>Writes to an existing file without creating or truncating it, as one does to a sysfs attribute.</summary>
    public void WriteExisting(string virtualPath, string text)
    {
        var real = Resolve(virtualPath);
        using var stream = new FileStream(real, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        stream.Write(bytes);
    }

    private string Join(IEnumerable<string> parts)
    {
        var tail = string.Join('/', parts);
        return tail.Length == 0 ? Root : Root == "/" ? "/" + tail : Root + "/" + tail;
    }

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static bool IsUnder(string path, string prefix) =>
        path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal);
}
