using System.Globalization;

namespace Brick.Simulation.Files;

/// <summary>Writes the simulated host's files and relative symbolic links, as the kernel and udev lay them out.</summary>
internal sealed class TreeWriter(string root)
{
    public string Root { get; } = root;

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public string Dir(string relative) => Directory.CreateDirectory(Path(relative)).FullName;

    public void File(string relative, string content)
    {
        var full = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
    }

    /// <summary>Writes a new file beside the old one and renames it over it: readers see the old or the new content, never an empty file.</summary>
    public void ReplaceFile(string relative, string content)
    {
        var full = Path(relative);
        var temporary = $"{full}.{Environment.CurrentManagedThreadId}.{Guid.NewGuid():N}.tmp";
        System.IO.File.WriteAllText(temporary, content);
        System.IO.File.Move(temporary, full, overwrite: true);
    }

    public void Bytes(string relative, byte[] content)
    {
        var full = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllBytes(full, content);
    }

    /// <summary>A relative link at <paramref name="link"/> to <paramref name="target"/> (both relative to the root), as udev and sysfs make them.</summary>
    public void Link(string link, string target)
    {
        var full = Path(link);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        if (System.IO.File.Exists(full) || Directory.Exists(full) || new FileInfo(full).LinkTarget is not null)
            System.IO.File.Delete(full);
        System.IO.File.CreateSymbolicLink(full, System.IO.Path.GetRelativePath(System.IO.Path.GetDirectoryName(full)!, Path(target)));
    }

    public void Delete(string relative)
    {
        var full = Path(relative);
        if (new FileInfo(full).LinkTarget is not null || System.IO.File.Exists(full))
            System.IO.File.Delete(full);
        else if (Directory.Exists(full))
            Directory.Delete(full, recursive: true);
    }

    public static string Sectors(long bytes) => (bytes / 512).ToString(CultureInfo.InvariantCulture) + "\n";
}
