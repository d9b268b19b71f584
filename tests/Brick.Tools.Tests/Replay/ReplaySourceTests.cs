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
    public void Dead_letter_is_the_fleets_dead_letter_queue_whichever_way_it_is_named()
    {
        Assert.Equal(ReplaySource.DeadLetter, ReplaySource.Parse("dead-letter", "compute-07", out var error));
        Assert.Null(error);
        Assert.Equal(ReplaySource.DeadLetter, ReplaySource.Parse("brick.worker-dead-letter", "compute-07", out _));
        Assert.Equal(new ReplaySource("brick.worker-dead-letter", ReplaySourceKind.DeadLetter), ReplaySource.DeadLetter);
        Assert.Null(ReplaySource.DeadLetter.Host);
    }

    [Fact]
    public void The_dead_letter_queue_is_shared_and_an_explicit_host_picks_that_hosts_messages_as_from_unrouted()
    {
        Assert.True(ReplaySource.DeadLetter.IsShared);
        Assert.Equal("compute-07", ReplaySource.DeadLetter.HostFilter("compute-07", hostGiven: true));
        Assert.Null(ReplaySource.DeadLetter.HostFilter("compute-07", hostGiven: false)); // every host's
        Assert.Equal(
            (ReplaySource.Unrouted.HostFilter("compute-07", true), ReplaySource.Unrouted.HostFilter("compute-07", false)),
            (ReplaySource.DeadLetter.HostFilter("compute-07", true), ReplaySource.DeadLetter.HostFilter("compute-07", false)));
    }

    [Fact]
    public void A_hosts_error_queue_is_its_own_and_takes_no_host_filter_while_a_queue_named_outright_is_shared()
    {
        var errors = ReplaySource.ErrorQueueOf("compute-07");
        Assert.False(errors.IsShared);
        Assert.Null(errors.HostFilter("compute-07", hostGiven: true)); // the replayer's other-host rule applies instead
        Assert.Equal("compute-07", new ReplaySource("parked", ReplaySourceKind.Queue).HostFilter("compute-07", hostGiven: true));
    }

    [Fact]
    public void Any_other_word_is_a_queue_name_within_AMQPs_limits()
    {
        Assert.Equal(new ReplaySource("parked.compute-07", ReplaySourceKind.Queue), ReplaySource.Parse("parked.compute-07", "compute-07", out _));
        // blockresize's dead letters are not VolumeExtended: its fleet queue is no word of replay's, only a queue name.
        Assert.Equal(new ReplaySource("brick.blockresize-dead-letter", ReplaySourceKind.Queue), ReplaySource.Parse("brick.blockresize-dead-letter", "compute-07", out _));
        Assert.Null(ReplaySource.Parse(new string('q', 256), "compute-07", out var error));
        Assert.NotNull(error);
        Assert.Null(ReplaySource.Parse("bad\nname", "compute-07", out _));
    }
}
