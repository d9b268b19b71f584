using Brick.Virt.Guests;
using Brick.Virt.Tests.Support;

namespace Brick.Virt.Tests.Guests;

public sealed class DeviceIdentityTests : IDisposable
{
    private readonly FakeDevTree _tree = new FakeDevTree()
        .Device("dm-3", "253:3", mapName: "mpatha")
        .Device("dm-4", "253:4", mapName: "crypt-vol")
        .Device("loop0", "7:0")
        .Link("mapper/mpatha", "../dm-3")
        .Link("disk/by-id/dm-uuid-mpath-3600a0980383047", "../../dm-3")
        .Link("disk/by-id/dm-name-mpatha", "../../dm-3")
        .Node("mapper/crypt-vol");

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData("/dev/mapper/mpatha")]
    [InlineData("/dev/disk/by-id/dm-uuid-mpath-3600a0980383047")]
    [InlineData("/dev/disk/by-id/dm-name-mpatha")]
    [InlineData("/dev/dm-3")]
    public void Every_name_of_a_map_is_that_map(string path) =>
        Assert.True(new DeviceIdentity(_tree.Roots).Same("/dev/dm-3", path));

    [Fact]
    public void The_key_of_a_block_device_is_its_major_and_minor() =>
        Assert.Equal("dev:253:3", new DeviceIdentity(_tree.Roots).KeyOf("/dev/disk/by-id/dm-name-mpatha"));

    [Fact]
    public void A_mapper_node_that_is_no_link_is_found_by_its_map_name() =>
        Assert.True(new DeviceIdentity(_tree.Roots).Same("/dev/mapper/crypt-vol", "/dev/dm-4"));

    [Fact]
    public void Two_devices_are_not_the_same()
    {
        var identity = new DeviceIdentity(_tree.Roots);

        Assert.False(identity.Same("/dev/mapper/mpatha", "/dev/dm-4"));
        Assert.False(identity.Same("/dev/loop0", "/dev/dm-3"));
    }

    [Fact]
    public void An_image_file_is_compared_by_its_path()
    {
        var identity = new DeviceIdentity(_tree.Roots);

        Assert.Equal("path:/var/lib/libvirt/images/a.qcow2", identity.KeyOf("/var/lib/libvirt/images/a.qcow2"));
        Assert.False(identity.Same("/var/lib/libvirt/images/a.qcow2", "/dev/dm-3"));
    }

    [Fact]
    public void A_device_the_kernel_does_not_list_is_compared_by_its_path() =>
        Assert.True(new DeviceIdentity(_tree.Roots).Same("/dev/sdz", "/dev/sdz"));

    [Theory]
    [InlineData("/dev/mapper/mpatha")]
    [InlineData("/dev/disk/by-id/dm-name-mpatha")]
    [InlineData("/dev/dm-3")]
    public void The_size_of_a_device_is_the_kernel_s_by_whichever_name(string path)
    {
        using var tree = new FakeDevTree().Device("dm-3", "253:3", mapName: "mpatha", sizeBytes: 5L << 30)
            .Link("mapper/mpatha", "../dm-3").Link("disk/by-id/dm-name-mpatha", "../../dm-3");

        Assert.Equal(5L << 30, new DeviceIdentity(tree.Roots).SizeOf(path));
    }

    [Theory]
    [InlineData("/dev/sdz")]
    [InlineData("/var/lib/libvirt/images/a.qcow2")]
    [InlineData("/dev/../etc/passwd")]
    public void A_path_that_is_no_block_device_the_kernel_lists_has_no_size(string path) =>
        Assert.Null(new DeviceIdentity(_tree.Roots).SizeOf(path));

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("12 34")]
    [InlineData("99999999999999999999")]
    [InlineData("18014398509481984")]
    public void A_size_file_that_holds_no_sector_count_gives_no_size(string text)
    {
        using var tree = new FakeDevTree().Device("sdb", "8:16");
        File.WriteAllText(Path.Combine(tree.Sys, "block", "sdb", "size"), text);

        Assert.Null(new DeviceIdentity(tree.Roots).SizeOf("/dev/sdb"));
    }
}
