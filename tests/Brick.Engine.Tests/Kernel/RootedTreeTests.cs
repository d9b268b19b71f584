using Brick.Engine.Kernel;

namespace Brick.Engine.Tests.Kernel;

public sealed class RootedTreeTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("brick-tree-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void Relative_links_are_followed_inside_the_root()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "disk/by-path"));
        File.WriteAllText(Path.Combine(_root.FullName, "sdc"), "");
        File.CreateSymbolicLink(Path.Combine(_root.FullName, "disk/by-path/ip-x"), "../../sdc");

        Assert.Equal("sdc", new DevTree(_root.FullName).ResolveByPath("ip-x"));
    }

    [Fact]
    public void An_absolute_link_into_dev_is_taken_inside_the_root()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "disk/by-path"));
        File.WriteAllText(Path.Combine(_root.FullName, "sdd"), "");
        File.CreateSymbolicLink(Path.Combine(_root.FullName, "disk/by-path/ip-y"), "/dev/sdd");

        Assert.Equal("sdd", new DevTree(_root.FullName).ResolveByPath("ip-y"));
    }

    [Fact]
    public void A_link_out_of_the_root_is_refused()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "disk/by-path"));
        File.CreateSymbolicLink(Path.Combine(_root.FullName, "disk/by-path/evil"), "/etc/passwd");

        Assert.Throws<PathEscapeException>(() => new DevTree(_root.FullName).ResolveByPath("evil"));
    }

    [Fact]
    public void Dot_dot_stops_at_the_root()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "disk/by-path"));
        File.WriteAllText(Path.Combine(_root.FullName, "sde"), "");
        File.CreateSymbolicLink(Path.Combine(_root.FullName, "disk/by-path/deep"), "../../../../../../sde");

        Assert.Equal("sde", new DevTree(_root.FullName).ResolveByPath("deep"));
    }

    [Fact]
    public void A_link_loop_is_refused()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "disk/by-path"));
        File.CreateSymbolicLink(Path.Combine(_root.FullName, "disk/by-path/a"), "b");
        File.CreateSymbolicLink(Path.Combine(_root.FullName, "disk/by-path/b"), "a");

        Assert.Throws<PathEscapeException>(() => new DevTree(_root.FullName).ResolveByPath("a"));
    }

    [Fact]
    public void A_link_to_a_name_outside_the_allowed_kernel_names_leads_nowhere()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "disk/by-path"));
        File.WriteAllText(Path.Combine(_root.FullName, "mem"), "");
        File.CreateSymbolicLink(Path.Combine(_root.FullName, "disk/by-path/m"), "../../mem");

        Assert.Null(new DevTree(_root.FullName).ResolveByPath("m"));
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("sda/../../x")]
    [InlineData("sda1")]
    [InlineData("dm-")]
    [InlineData("nvme0n")]
    public void Only_allowed_kernel_names_build_sysfs_paths(string name) =>
        Assert.Throws<PathEscapeException>(() => new Sysfs(_root.FullName).ReadSizeBytes(name));

    [Fact]
    public void Rescan_never_creates_a_file_that_is_not_there()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "block/sdz/device"));

        Assert.ThrowsAny<IOException>(() => new Sysfs(_root.FullName).RescanScsiDisk("sdz"));
        Assert.False(File.Exists(Path.Combine(_root.FullName, "block/sdz/device/rescan")));
    }
}
