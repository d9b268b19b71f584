using Brick.Virt.Libvirt;

namespace Brick.Virt.Tests.Libvirt;

/// <summary>What virsh 9.0 (Debian bookworm) printed on this machine, read as the backend reads it.</summary>
public sealed class VirshOutputTests
{
    [Fact]
    public void Domblklist_details_gives_the_disks_with_a_source()
    {
        const string printed = """
             Type    Device   Target   Source
            ---------------------------------------
             block   disk     vda      /dev/loop0
             file    disk     vdb      /var/lib/libvirt/images/data disk.raw
             file    cdrom    sda      -

            """;

        Assert.Equal([("vda", "/dev/loop0"), ("vdb", "/var/lib/libvirt/images/data disk.raw")], VirshOutput.Disks(printed));
    }

    [Fact]
    public void Domblkinfo_gives_the_capacity_in_bytes() =>
        Assert.Equal(67108864, VirshOutput.Capacity("Capacity:       67108864\nAllocation:     0\nPhysical:       83886080\n\n"));

    [Fact]
    public void List_uuid_gives_one_domain_a_line_and_nothing_that_is_no_uuid() =>
        Assert.Equal(
            ["4f2a9c3e-1b7d-4e8a-9f60-2c5d8e7a1b34", "0b1e8d52-77aa-4c1f-8e0d-93f6a2b4c5d6"],
            VirshOutput.DomainUuids("4f2a9c3e-1b7d-4e8a-9f60-2c5d8e7a1b34\n-x\n42\n{0b1e8d52-77aa-4c1f-8e0d-93f6a2b4c5d6}\n0b1e8d52-77aa-4c1f-8e0d-93f6a2b4c5d6\n\n"));

    [Theory]
    [InlineData("error: failed to get domain 'nosuch'")]
    [InlineData("error: Requested operation is not valid: domain is not running")]
    [InlineData("error: invalid argument: disk 'vdz' was not found in domain")]
    public void A_domain_or_disk_that_is_not_there_is_gone(string stderr) => Assert.True(VirshOutput.SaysGone(stderr));

    [Fact]
    public void Another_error_is_not_gone() => Assert.False(VirshOutput.SaysGone("error: internal error: unable to execute QEMU command 'block_resize'"));
}
