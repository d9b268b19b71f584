using System.Diagnostics;
using Brick.Contracts;
using Brick.Simulation.Guests;
using Brick.Virt.Tests.Support;
using static Brick.Virt.Tests.Support.QmpGuests;

namespace Brick.Virt.Tests.Resizing;

public sealed class GuestDiskResizerTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_disk_on_the_device_is_resized_to_exactly_the_outcome_s_size()
    {
        await using var guests = new QmpGuests();
        var guest = guests.Start("web-1", ("disk0", "/dev/mapper/mpatha", 10 * GiB));

        var report = await guests.Resizer.ResizeAsync(Outcomes.Resized("/dev/dm-3", 12 * GiB), "corr-1", Cancel);

        var resized = Assert.Single(report.Resized);
        Assert.Equal(("web-1", "disk0", "/dev/mapper/mpatha", 12 * GiB, 10 * GiB), (resized.Domain, resized.Disk, resized.DevicePath, resized.SizeBytes, resized.PreviousSizeBytes));
        Assert.Empty(report.Failed);
        Assert.Equal(["query-block", $"block_resize disk0 {12 * GiB}"], guest.Commands);
        Assert.Equal(12 * GiB, guest.Disks[0].SizeBytes);
    }

    [Fact]
    public async Task A_disk_larger_than_the_outcome_is_refused_and_never_shrunk()
    {
        await using var guests = new QmpGuests();
        var guest = guests.Start("web-1", ("disk0", "/dev/dm-3", 16 * GiB));

        var report = await guests.Resizer.ResizeAsync(Outcomes.Resized("/dev/dm-3", 12 * GiB), null, Cancel);

        var failed = Assert.Single(report.Failed);
        Assert.Equal((GuestResizeFailureReason.WouldShrink, false, 16 * GiB), (failed.Reason, failed.Retriable, failed.ObservedSizeBytes));
        Assert.True(report.Refused);
        Assert.DoesNotContain(guest.Commands, c => c.StartsWith("block_resize", StringComparison.Ordinal));
        Assert.Equal(16 * GiB, guest.Disks[0].SizeBytes);
    }

    [Fact]
    public async Task A_disk_is_never_given_more_than_the_host_device_s_own_size_whatever_the_outcome_says()
    {
        await using var guests = new QmpGuests();
        guests.Tree.Device("loop5", "7:5", sizeBytes: 64L << 20);
        var guest = guests.Start("web-1", ("disk0", "/dev/loop5", 32L << 20));

        var report = await guests.Resizer.ResizeAsync(Outcomes.Resized("/dev/loop5", GiB), null, Cancel);

        var failed = Assert.Single(report.Failed);
        Assert.Equal((GuestResizeFailureReason.ExceedsHostDevice, false, 32L << 20), (failed.Reason, failed.Retriable, failed.ObservedSizeBytes));
        Assert.Contains($"{64L << 20} bytes", failed.Detail, StringComparison.Ordinal);
        Assert.True(report.Refused);
        Assert.Empty(report.Resized);
        Assert.DoesNotContain(guest.Commands, c => c.StartsWith("block_resize", StringComparison.Ordinal));
        Assert.Equal(32L << 20, guest.Disks[0].SizeBytes);
    }

    [Fact]
    public async Task Up_to_the_host_device_s_size_a_disk_is_resized()
    {
        await using var guests = new QmpGuests();
        guests.Tree.Device("loop5", "7:5", sizeBytes: 64L << 20);
        var guest = guests.Start("web-1", ("disk0", "/dev/loop5", 32L << 20));

        var report = await guests.Resizer.ResizeAsync(Outcomes.Resized("/dev/loop5", 64L << 20), null, Cancel);

        Assert.Equal(64L << 20, Assert.Single(report.Resized).SizeBytes);
        Assert.Equal(64L << 20, guest.Disks[0].SizeBytes);
    }

    [Fact]
    public async Task A_disk_at_a_size_above_its_host_device_is_not_confirmed()
    {
        await using var guests = new QmpGuests();
        guests.Tree.Device("loop5", "7:5", sizeBytes: 64L << 20);
        var guest = guests.Start("web-1", ("disk0", "/dev/loop5", GiB));

        var report = await guests.Resizer.ResizeAsync(Outcomes.Resized("/dev/loop5", GiB), null, Cancel);

        Assert.Empty(report.Resized);
        Assert.Equal(GuestResizeFailureReason.ExceedsHostDevice, Assert.Single(report.Failed).Reason);
        Assert.Equal(["query-block"], guest.Commands);
    }

    [Fact]
    public async Task A_host_device_whose_size_cannot_be_read_bounds_every_disk_on_it_to_nothing_more()
    {
        await using var guests = new QmpGuests();
        guests.Tree.Device("sdq", "65:0", sizeBytes: -1);
        var guest = guests.Start("web-1", ("disk0", "/dev/sdq", 10 * GiB));

        var report = await guests.Resizer.ResizeAsync(Outcomes.Resized("/dev/sdq", 11 * GiB), null, Cancel);

        var failed = Assert.Single(report.Failed);
        Assert.Equal(GuestResizeFailureReason.ExceedsHostDevice, failed.Reason);
        Assert.Contains("cannot be read", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(10 * GiB, guest.Disks[0].SizeBytes);
    }

    [Fact]
    public async Task A_replayed_outcome_asks_nothing_of_the_hypervisor_and_is_reported_resized_again()
    {
        await using var guests = new QmpGuests();
        var guest = guests.Start("web-1", ("disk0", "/dev/dm-3", 10 * GiB));
        var outcome = Outcomes.Resized("/dev/dm-3", 12 * GiB);

        await guests.Resizer.ResizeAsync(outcome, null, Cancel);
        var replay = await guests.Resizer.ResizeAsync(outcome, null, Cancel);

        var resized = Assert.Single(replay.Resized);
        Assert.Equal((12 * GiB, 12 * GiB, 0L), (resized.SizeBytes, resized.PreviousSizeBytes, resized.ElapsedMs));
        Assert.Single(guest.Commands, c => c.StartsWith("block_resize", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_disks_on_one_device_are_both_resized_whichever_name_each_guest_opened_it_by()
    {
        await using var guests = new QmpGuests();
        var first = guests.Start("web-1", ("disk0", "/dev/mapper/mpatha", 10 * GiB), ("disk1", "/dev/dm-4", 10 * GiB));
        var second = guests.Start("web-2", ("virtio1", "/dev/disk/by-id/dm-name-mpatha", 10 * GiB));

        var report = await guests.Resizer.ResizeAsync(Outcomes.Resized("/dev/dm-3", 11 * GiB), null, Cancel);

        Assert.Equal(["web-1 disk0", "web-2 virtio1"], report.Resized.Select(r => $"{r.Domain} {r.Disk}").Order());
        Assert.Equal(10 * GiB, first.Disks[1].SizeBytes);
        Assert.Equal(11 * GiB, second.Disks[0].SizeBytes);
    }

    [Fact]
    public async Task A_device_no_guest_uses_is_nothing_to_do()
    {
        await using var guests = new QmpGuests();
        var guest = guests.Start("web-1", ("disk0", "/dev/dm-4", 10 * GiB));

        var report = await guests.Resizer.ResizeAsync(Outcomes.Resized("/dev/loop0", 2 * GiB), null, Cancel);

        Assert.True(report.Unused);
        Assert.Equal(["query-block"], guest.Commands);
    }

    [Fact]
    public async Task A_guest_started_later_is_picked_up()
    {
        await using var guests = new QmpGuests();
        Assert.True((await guests.Resizer.ResizeAsync(Outcomes.Resized("/dev/dm-3", 11 * GiB), null, Cancel)).Unused);

        var guest = guests.Start("late", ("disk0", "/dev/dm-3", 10 * GiB));
        var report = await guests.Resizer.ResizeAsync(Outcomes.Resized("/dev/dm-3", 11 * GiB), null, Cancel);

        Assert.Single(report.Resized);
        Assert.Equal(11 * GiB, guest.Disks[0].SizeBytes);
    }

    [Fact]
    public async Task A_hanging_monitor_costs_one_time_limit_and_the_other_guests_are_still_resized()
    {
        await using var guests = new QmpGuests(timeout: TimeSpan.FromSeconds(1));
        var stuck = guests.Start("stuck", ("disk0", "/dev/dm-3", 10 * GiB));
        stuck.Behaviour = SimulatedQmpGuest.Misbehaviour.Hang;
        var fine = guests.Start("fine", ("disk0", "/dev/dm-3", 10 * GiB));

        var clock = Stopwatch.StartNew();
        var report = await guests.Resizer.ResizeAsync(Outcomes.Resized("/dev/dm-3", 11 * GiB), null, Cancel);

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
        Assert.Equal("fine", Assert.Single(report.Resized).Domain);
        var failed = Assert.Single(report.Failed);
        Assert.Equal(("stuck", null, GuestResizeFailureReason.HypervisorTimeout, true), (failed.Domain, failed.Disk, failed.Reason, failed.Retriable));
        Assert.Equal(11 * GiB, fine.Disks[0].SizeBytes);
    }

    [Fact]
    public async Task A_guest_that_vanishes_between_lookup_and_resize_is_reported_gone()
    {
        await using var guests = new QmpGuests();
        var guest = guests.Start("leaving", ("disk0", "/dev/dm-3", 10 * GiB));
        guest.Behaviour = SimulatedQmpGuest.Misbehaviour.VanishAfterQuery;

        var report = await guests.Resizer.ResizeAsync(Outcomes.Resized("/dev/dm-3", 11 * GiB), null, Cancel);

        var failed = Assert.Single(report.Failed);
        Assert.Equal(("leaving", "disk0", GuestResizeFailureReason.GuestGone, false), (failed.Domain, failed.Disk, failed.Reason, failed.Retriable));
        Assert.False(report.Retriable);
        Assert.Equal(10 * GiB, guest.Disks[0].SizeBytes);
    }

    [Fact]
    public async Task A_socket_left_behind_by_a_stopped_guest_is_no_guest()
    {
        await using var guests = new QmpGuests();
        var stopped = guests.Start("stopped", ("disk0", "/dev/dm-3", 10 * GiB));
        var socket = stopped.SocketPath;
        await stopped.DisposeAsync();
        using (var leftover = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
            leftover.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(socket)); // bound, never listening: connections are refused

        var report = await guests.Resizer.ResizeAsync(Outcomes.Resized("/dev/dm-3", 11 * GiB), null, Cancel);

        Assert.True(report.Unused);
    }
}
