using Brick.Contracts;
using Brick.Engine.Core;

namespace Brick.Engine.Tests.Core;

public sealed class StepTests
{
    [Fact]
    public void The_steps_keep_the_names_the_timeline_has_always_shown_in_the_order_they_run() =>
        Assert.Equal(
            ["discover", "rescan", "wait-paths", "verify-head", "resize-map", "rejoin-map", "resize-crypt", "verify"],
            Step.All.Select(s => s.Name));

    [Fact]
    public void Only_waiting_for_the_paths_and_resizing_the_map_give_a_time_limit_a_reason_of_their_own()
    {
        Assert.Equal(ResizeFailureReason.RescanTimeout, Step.WaitPaths.TimeoutReason);
        Assert.Equal(ResizeFailureReason.MultipathResizeFailed, Step.ResizeMap.TimeoutReason);
        Assert.All(Step.All.Except([Step.WaitPaths, Step.ResizeMap]), s => Assert.Equal(ResizeFailureReason.CommandFailed, s.TimeoutReason));
    }
}
