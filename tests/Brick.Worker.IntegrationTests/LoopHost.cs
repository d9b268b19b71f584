using System.Globalization;

namespace Brick.Worker.IntegrationTests;

/// <summary>
/// A tiny host in a temp folder: loop devices <c>/dev/loopN</c> with <c>/sys/block/loopN/size</c>, and a stand-in
/// <c>losetup</c> that does what <c>losetup --set-capacity</c> does: the device takes its backing file's size. Growing a
/// backing file stands for the array growing the LUN. A "slow" flag makes <c>losetup</c> hang (work cut short).
/// </summary>
public sealed class LoopHost : IDisposable
{
    private const string Script = """
        #!/bin/sh
        # losetup --set-capacity /dev/loopN, for a tree in a folder: the device takes its backing size.
        here=$(dirname "$0")
        dev=$(basename "$2")
        touch "$here/started-$dev"
        if [ -f "$here/slow" ]; then sleep 30; fi
        if [ -f "$here/delay" ]; then sleep "$(cat "$here/delay")"; fi
        echo $(( $(cat "$here/backing/$dev") / 512 )) > "$here/sys/block/$dev/size"
        """;

    public LoopHost(int devices, long sizeBytes)
    {
        Root = Directory.CreateTempSubdirectory("brick-loophost-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, "dev"));
        Directory.CreateDirectory(Path.Combine(Root, "backing"));
        for (var i = 0; i < devices; i++)
        {
            var name = $"loop{i}";
            File.WriteAllText(Path.Combine(Root, "dev", name), "");
            Directory.CreateDirectory(Path.Combine(Root, "sys", "block", name));
            File.WriteAllText(Path.Combine(Root, "sys", "block", name, "size"), (sizeBytes / 512).ToString(CultureInfo.InvariantCulture));
            Grow(i, sizeBytes);
        }

        File.WriteAllText(Losetup, Script.Replace("\r", "", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(Losetup, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Root { get; }

    public string SysRoot => Path.Combine(Root, "sys");

    public string DevRoot => Path.Combine(Root, "dev");

    public string Losetup => Path.Combine(Root, "losetup");

    /// <summary>The array grows the LUN behind <c>loopN</c>; the host sees it after the next rescan.</summary>
    public void Grow(int device, long sizeBytes) =>
        File.WriteAllText(Path.Combine(Root, "backing", $"loop{device}"), sizeBytes.ToString(CultureInfo.InvariantCulture));

    /// <summary>The size the host's kernel shows for <c>loopN</c>.</summary>
    public long SizeOf(int device) =>
        long.Parse(File.ReadAllText(Path.Combine(Root, "sys", "block", $"loop{device}", "size")), CultureInfo.InvariantCulture) * 512;

    /// <summary>Makes <c>losetup</c> hang (true) or work (false).</summary>
    public void SetSlow(bool slow)
    {
        var flag = Path.Combine(Root, "slow");
        if (slow)
            File.WriteAllText(flag, "");
        else
            File.Delete(flag);
    }

    /// <summary>Makes every <c>losetup</c> take <paramref name="seconds"/> (a host under load).</summary>
    public void SetDelay(double seconds) =>
        File.WriteAllText(Path.Combine(Root, "delay"), seconds.ToString("0.###", CultureInfo.InvariantCulture));

    /// <summary>Whether <c>losetup</c> has been started for <c>loopN</c>.</summary>
    public bool Started(int device) => File.Exists(Path.Combine(Root, $"started-loop{device}"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a losetup still running in it; the temp folder is cleaned later
        }
    }
}
