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
}
