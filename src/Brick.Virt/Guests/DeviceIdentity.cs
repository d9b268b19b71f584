using Brick.Engine.Kernel;

namespace Brick.Virt.Guests;

/// <summary>
/// Tells whether two paths name the same block device, as the kernel sees it: symbolic links are followed
/// (<c>/dev/disk/by-id/…</c>, udev's <c>/dev/mapper/NAME</c> → <c>/dev/dm-3</c>), a device-mapper node
/// <c>/dev/mapper/NAME</c> that is no link is found by its <c>dm/name</c>, and the kernel's <c>major:minor</c>
/// (<c>/sys/class/block/NAME/dev</c>) is compared. A path that is no block device the kernel lists (an image file, a
/// device of a simulated host) is compared by its resolved path.
/// </summary>
/// <param name="roots">Where <c>/sys</c> and <c>/dev</c> are (the real ones but in tests).</param>
public sealed class DeviceIdentity(KernelRoots roots)
{
    /// <summary>The key of <paramref name="path"/>: <c>dev:MAJOR:MINOR</c> for a block device the kernel lists, else <c>path:RESOLVED</c>.</summary>
    public string KeyOf(string path)
    {
        var onDisk = OnDisk(path);
        var resolved = Resolve(onDisk);
        var name = KernelName(resolved);
        if (name is not null && ReadDev(name) is { } dev)
            return $"dev:{dev}";
        return $"path:{resolved}";
    }

    /// <summary>
    /// The size in bytes of the block device <paramref name="path"/> names, as the kernel shows it
    /// (<c>/sys/class/block/NAME/size</c>, in 512-byte sectors, under the configured roots), or null when it is no block
    /// device the kernel lists or its size cannot be read.
    /// </summary>
    public long? SizeOf(string path)
    {
        var name = KernelName(Resolve(OnDisk(path)));
        if (name is null || !IsKernelName(name))
            return null;
        var file = Path.Combine(roots.SysRoot, "class", "block", name, "size");
        try
        {
            var text = File.ReadAllText(file).Trim();
            return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sectors)
                && sectors <= long.MaxValue / 512 ? sectors * 512 : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> name the same device.</summary>
    public bool Same(string a, string b) => KeyOf(a) == KeyOf(b);

    private string OnDisk(string path) =>
        path == "/dev" || path.StartsWith("/dev/", StringComparison.Ordinal) ? roots.DevRoot.TrimEnd('/') + path[4..] : path;

    private static string Resolve(string path)
    {
        try
        {
            var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true);
            return Path.GetFullPath(target?.FullName ?? path);
        }
        catch (IOException)
        {
            return Path.GetFullPath(path);
        }
        catch (UnauthorizedAccessException)
        {
            return Path.GetFullPath(path);
        }
    }

    /// <summary>The kernel name of a device node under the dev root: its file name, or for a mapper node its <c>dm-N</c>.</summary>
    private string? KernelName(string resolved)
    {
        var devRoot = Path.GetFullPath(roots.DevRoot).TrimEnd('/');
        if (!resolved.StartsWith(devRoot + "/", StringComparison.Ordinal))
            return null;
        var relative = resolved[(devRoot.Length + 1)..];
        if (relative.StartsWith("mapper/", StringComparison.Ordinal))
            return MapperKernelName(relative["mapper/".Length..]);
        return relative.Contains('/', StringComparison.Ordinal) ? null : relative;
    }

    private string? MapperKernelName(string mapName)
    {
        var block = Path.Combine(roots.SysRoot, "block");
        if (!Directory.Exists(block))
            return null;
        foreach (var dm in Directory.EnumerateDirectories(block, "dm-*"))
        {
            var nameFile = Path.Combine(dm, "dm", "name");
            if (File.Exists(nameFile) && File.ReadAllText(nameFile).Trim() == mapName)
                return Path.GetFileName(dm);
        }

        return null;
    }

    /// <summary>Whether <paramref name="name"/> can be a kernel block device name (<c>dm-3</c>, <c>sdc</c>, <c>nvme0n1</c>): never a path.</summary>
    internal static bool IsKernelName(string name) =>
        name is not ("" or "." or "..") && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private string? ReadDev(string kernelName)
    {
        if (!IsKernelName(kernelName))
            return null;
        var file = Path.Combine(roots.SysRoot, "class", "block", kernelName, "dev");
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }
}
