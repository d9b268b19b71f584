namespace Brick.Deploy.Tests.Credentials;

/// <summary>
/// A sysfs and /dev tree with one 1 GiB loop device, and a stand-in <c>losetup</c> that records its arguments and
/// environment, answers <c>--list</c> with the backing file's device and inode (as the kernel would), and otherwise gives
/// the device the size in <see cref="GrownSectorsFile"/> (as the kernel would after <c>losetup --set-capacity</c>). For <c>brick-worker run --sys-root --dev-root --losetup</c>. Deleted on dispose.
/// </summary>
internal sealed class LoopDeviceTree : IDisposable
{
    public const long GrownBytes = 2L << 30;

    public LoopDeviceTree()
    {
        Root = Directory.CreateTempSubdirectory("brick-loop-tree.").FullName;
        Directory.CreateDirectory(Path.Combine(SysRoot, "block", "loop0", "holders"));
        Directory.CreateDirectory(DevRoot);
        File.WriteAllText(Path.Combine(SysRoot, "block", "loop0", "size"), $"{(1L << 30) / 512}\n");
        File.WriteAllText(Path.Combine(DevRoot, "loop0"), "");

        // The backing file, already grown by the array: the worker checks it before losetup --set-capacity (never shrink).
        var backing = Path.Combine(Root, "loop0.img");
        using (var image = File.Create(backing))
            image.SetLength(GrownBytes);
        Directory.CreateDirectory(Path.Combine(SysRoot, "block", "loop0", "loop"));
        File.WriteAllText(Path.Combine(SysRoot, "block", "loop0", "loop", "backing_file"), backing + "\n");
        File.WriteAllText(GrownSectorsFile, $"{GrownBytes / 512}\n");
        File.WriteAllText(Losetup, $$"""
            #!/bin/sh
            env > {{EnvironmentFile}}
            echo "$@" > {{Path.Combine(Root, "losetup.args")}}
            if [ "$1" = --list ]; then
              # Which file the kernel holds (BACK-MAJ:MIN and BACK-INO): here, the backing file's own device and inode.
              set -- $(stat -L -c '%d %i' {{backing}})
              printf '{"loopdevices": [{"name": "/dev/loop0", "back-maj:min": "%s:%s", "back-ino": %s}]}\n' \
                $(( (($1 >> 8) & 0xfff) | (($1 >> 32) & ~0xfff) )) $(( ($1 & 0xff) | (($1 >> 12) & ~0xff) )) "$2"
              exit 0
            fi
            cp {{GrownSectorsFile}} {{Path.Combine(SysRoot, "block", "loop0", "size")}}
            """.Replace("\r", "", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(Losetup, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Root { get; }

    public string SysRoot => Path.Combine(Root, "sys");

    public string DevRoot => Path.Combine(Root, "dev");

    public string Losetup => Path.Combine(Root, "losetup");

    /// <summary>The environment the stand-in losetup ran with, once it has run.</summary>
    public string EnvironmentFile => Path.Combine(Root, "losetup.env");

    private string GrownSectorsFile => Path.Combine(Root, "grown");

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
