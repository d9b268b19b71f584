using Brick.Tools.Replay;

namespace Brick.Tools.Tests.Replay;

/// <summary>Naming the source of a replay.</summary>
public sealed class ReplaySourceTests
{
    [Fact]
    public void By_default_the_source_is_the_hosts_error_queue()
    {
        Assert.Equal(new ReplaySource("brick-worker.compute-07_error", ReplaySourceKind.ErrorQueue, "compute-07"), ReplaySource.Parse(null, "compute-07", out _));
        Assert.Equal(ReplaySource.Parse("error", "compute-07", out _), ReplaySource.Parse(null, "compute-07", out _));
    }

    [Fact]
    public void The_hosts_error_queue_named_outright_is_its_error_queue_and_keeps_its_host()
    {
        // Issue 18 finding 14: from a host's error queue only that host's messages are replayed, however it is named.
        Assert.Equal(ReplaySource.ErrorQueueOf("compute-07"), ReplaySource.Parse("brick-worker.compute-07_error", "compute-07", out _));
        Assert.Equal(new ReplaySource("brick-worker.compute-08_error", ReplaySourceKind.Queue), ReplaySource.Parse("brick-worker.compute-08_error", "compute-07", out _));
    }

    [Fact]
    public void Unrouted_is_brick_unrouted_whichever_way_it_is_named()
    {
        Assert.Equal(ReplaySource.Unrouted, ReplaySource.Parse("unrouted", "compute-07", out _));
        Assert.Equal(ReplaySource.Unrouted, ReplaySource.Parse("brick.unrouted", "compute-07", out _));
        Assert.Equal("brick.unrouted", ReplaySource.Unrouted.Queue);
    }

    [Fact]
    public void Any_other_word_is_a_queue_name_within_AMQPs_limits()
    {
        Assert.Equal(new ReplaySource("parked.compute-07", ReplaySourceKind.Queue), ReplaySource.Parse("parked.compute-07", "compute-07", out _));
        Assert.Null(ReplaySource.Parse(new string('q', 256), "compute-07", out var error));
        Assert.NotNull(error);
        Assert.Null(ReplaySource.Parse("bad\nname", "compute-07", out _));
    }
}
