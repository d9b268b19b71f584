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
}
