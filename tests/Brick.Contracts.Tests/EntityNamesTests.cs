namespace Brick.Contracts.Tests;

/// <summary>The names other systems code against, pinned: changing one is a breaking change of the contract.</summary>
public sealed class EntityNamesTests
{
    [Fact]
    public void Entity_names_are_those_of_contract_v1()
    {
        Assert.Equal("brick.volume-extended", EntityNames.VolumeExtendedExchange);
        Assert.Equal("brick.unrouted", EntityNames.Unrouted);
        Assert.Equal("brick.host-volume-resized", EntityNames.HostVolumeResizedExchange);
        Assert.Equal("brick.host-volume-resize-failed", EntityNames.HostVolumeResizeFailedExchange);
        Assert.Equal("brick-reason", EntityNames.ReasonHeader);
        Assert.Equal("brick.guest-disk-resized", EntityNames.GuestDiskResizedExchange);
        Assert.Equal("brick.guest-disk-resize-failed", EntityNames.GuestDiskResizeFailedExchange);
    }

    [Fact]
    public void A_host_has_its_own_queue_and_error_queue()
    {
        Assert.Equal("brick-worker.compute-07", EntityNames.WorkerQueue("compute-07"));
        Assert.Equal("brick-worker.compute-07_error", EntityNames.ErrorQueue("compute-07"));
    }

    [Fact]
    public void A_host_s_blockresize_has_its_own_queue_and_error_queue()
    {
        Assert.Equal("brick-blockresize.compute-07", EntityNames.BlockresizeQueue("compute-07"));
        Assert.Equal("brick-blockresize.compute-07_error", EntityNames.BlockresizeErrorQueue("compute-07"));
    }

    [Fact]
    public void The_host_name_limits_come_from_RabbitMQ_s_255_bytes_and_the_longest_name_of_each_consumer()
    {
        Assert.Equal((236, 231), (EntityNames.MaxHostLength(EntityNames.ErrorQueue), EntityNames.MaxHostLength(EntityNames.BlockresizeErrorQueue)));
        foreach (Func<string, string> nameOf in (Func<string, string>[])[EntityNames.ErrorQueue, EntityNames.BlockresizeErrorQueue])
            Assert.Equal(EntityNames.MaxNameBytes, nameOf(new string('h', EntityNames.MaxHostLength(nameOf))).Length);
    }
}
