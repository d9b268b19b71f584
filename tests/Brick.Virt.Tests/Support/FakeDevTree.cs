using Brick.Engine.Kernel;

namespace Brick.Virt.Tests.Support;

/// <summary>A <c>/sys</c> and <c>/dev</c> in a temp folder: block devices with their <c>major:minor</c>, udev's links, device-mapper names.</summary>
internal sealed class FakeDevTree : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("brick-virt-tree-");

    public FakeDevTree()
    {
        Directory.CreateDirectory(Dev);
        Directory.CreateDirectory(Path.Combine(Sys, "block"));
        Directory.CreateDirectory(Path.Combine(Sys, "class", "block"));
    }

    public string Sys => Path.Combine(_root.FullName, "sys");

    public string Dev => Path.Combine(_root.FullName, "dev");

    public KernelRoots Roots => new(Sys, Dev);

    /// <summary>The size a device is given unless told: larger than every size the tests ask for.</summary>
    public const long DefaultSizeBytes = 64L << 30;

    /// <summary>
    /// A block device <c>/dev/NAME</c> with <paramref name="majorMinor"/>; for <c>dm-*</c>, its map name; its size in
    /// <c>/sys/block/NAME/size</c> (sectors), <see cref="DefaultSizeBytes"/> unless told, none when <paramref name="sizeBytes"/> is negative.
    /// </summary>
    public FakeDevTree Device(string name, string majorMinor, string? mapName = null, long sizeBytes = DefaultSizeBytes)
    {
        File.WriteAllText(Path.Combine(Dev, name), "");
        var sysBlock = Path.Combine(Sys, "block", name);
        Directory.CreateDirectory(sysBlock);
        File.WriteAllText(Path.Combine(sysBlock, "dev"), majorMinor + "\n");
        if (sizeBytes >= 0)
            File.WriteAllText(Path.Combine(sysBlock, "size"), $"{sizeBytes / 512}\n");
        Directory.CreateSymbolicLink(Path.Combine(Sys, "class", "block", name), sysBlock);
        if (mapName is not null)
        {
            Directory.CreateDirectory(Path.Combine(sysBlock, "dm"));
            File.WriteAllText(Path.Combine(sysBlock, "dm", "name"), mapName + "\n");
        }

        return this;
    }

    /// <summary>A link <c>/dev/RELATIVE</c> → <paramref name="target"/> (relative, as udev makes them).</summary>
    public FakeDevTree Link(string relative, string target)
    {
        var path = Path.Combine(Dev, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
        return this;
    }

    /// <summary>A plain node <c>/dev/RELATIVE</c> (no link), as <c>dmsetup</c> makes <c>/dev/mapper/NAME</c> without udev.</summary>
    public FakeDevTree Node(string relative)
    {
        var path = Path.Combine(Dev, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return this;
    }

    public void Dispose() => _root.Delete(recursive: true);
}
