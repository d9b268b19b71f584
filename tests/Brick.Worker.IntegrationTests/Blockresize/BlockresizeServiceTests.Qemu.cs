using Brick.Contracts;

namespace Brick.Worker.IntegrationTests.Blockresize;

/// <summary>
/// The bound of issue 18's finding 2 on a real QEMU and a real loop device: a guest disk is never set above the host
/// device's own size as this machine's kernel shows it, whatever <c>newSizeBytes</c> says, for a qcow2 image (whose
/// virtual size QEMU would set to anything) and a raw one.
/// </summary>
public sealed partial class BlockresizeServiceTests
{
    private const long MiB = 1L << 20;

    [Fact]
    public async Task A_qcow2_disk_on_a_64_MiB_device_is_not_grown_to_the_1_GiB_an_outcome_claims_but_up_to_64_MiB_it_is()
    {
        QemuLoopGuest.Require();
        await using var guest = await QemuLoopGuest.StartAsync(_qmp.FullName, "qcow2-guest", "qcow2", 64 * MiB, imageBytes: 32 * MiB);
        await StartAsync(("Brick:SysRoot", "/sys"), ("Brick:DevRoot", "/dev"));

        await PublishAsync(Outcome(GiB) with { DevicePath = guest.Device }, envelope: false);

        var failed = await HeardAsync(EntityNames.GuestDiskResizeFailedExchange, GiB);
        Assert.Equal(("ExceedsHostDevice", "qcow2-guest", 32 * MiB), (failed.GetProperty("reason").GetString(), failed.GetProperty("domain").GetString(), failed.GetProperty("observedSizeBytes").GetInt64()));
        Assert.Equal("ExceedsHostDevice", await ReasonInErrorQueueAsync());
        Assert.Equal(32 * MiB, await guest.VirtualSizeAsync());

        await PublishAsync(Outcome(64 * MiB) with { DevicePath = guest.Device }, envelope: false);
        await HeardAsync(EntityNames.GuestDiskResizedExchange, 64 * MiB);
        Assert.Equal(64 * MiB, await guest.VirtualSizeAsync());
    }

    [Fact]
    public async Task A_raw_disk_is_grown_only_once_the_kernel_shows_its_device_at_the_size()
    {
        QemuLoopGuest.Require();
        await using var guest = await QemuLoopGuest.StartAsync(_qmp.FullName, "raw-guest", "raw", 64 * MiB);
        await StartAsync(("Brick:SysRoot", "/sys"), ("Brick:DevRoot", "/dev"));
        await guest.GrowFileAsync(96 * MiB); // the array grew the LUN, the host has not rescanned yet

        await PublishAsync(Outcome(96 * MiB) with { DevicePath = guest.Device }, envelope: false);

        Assert.Equal("ExceedsHostDevice", (await HeardAsync(EntityNames.GuestDiskResizeFailedExchange, 96 * MiB)).GetProperty("reason").GetString());
        Assert.Equal("ExceedsHostDevice", await ReasonInErrorQueueAsync());
        Assert.Equal(64 * MiB, await guest.VirtualSizeAsync());

        await guest.SetCapacityAsync();
        await PublishAsync(Outcome(96 * MiB) with { DevicePath = guest.Device, VolumeId = "vol-it-2" }, envelope: false);
        await HeardAsync(EntityNames.GuestDiskResizedExchange, 96 * MiB);
        Assert.Equal(96 * MiB, await guest.VirtualSizeAsync());
    }
}
