using Brick.Tools.Replay;

namespace Brick.Tools.Tests.Replay;

/// <summary>The progress line of a long replay: on a terminal only, every tick, with the counts so far.</summary>
public sealed class ReplayProgressTests
{
    [Fact]
    public async Task At_a_terminal_the_counts_so_far_are_written_every_tick()
    {
        var tally = new ReplayTally();
        tally.Begin(10);
        tally.Add(ReplayResult.Moved);
        tally.Add(ReplayResult.Moved);
        tally.Add(ReplayResult.Skipped);
        var stderr = new StringWriter();
        var synchronized = TextWriter.Synchronized(stderr);
        // Read under the writer's own lock: the progress writes from its timer's thread meanwhile.
        string Written()
        {
            lock (synchronized)
                return stderr.ToString();
        }

        await using (new ReplayProgress(tally, synchronized, enabled: true, TimeProvider.System, TimeSpan.FromMilliseconds(20)))
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Written().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length < 2 && DateTime.UtcNow < deadline)
                await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        var lines = Written().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 2, Written());
        Assert.All(lines, l => Assert.Equal("replay: 3 of 10 looked at: 2 moved, 1 skipped, 0 left", l));
    }

    [Fact]
    public async Task Elsewhere_nothing_is_written()
    {
        var stderr = new StringWriter();

        await using (new ReplayProgress(new ReplayTally(), stderr, enabled: false, TimeProvider.System, TimeSpan.FromMilliseconds(5)))
            await Task.Delay(100, TestContext.Current.CancellationToken);

        Assert.Empty(stderr.ToString());
    }

    [Fact]
    public void A_dry_run_says_what_would_move_and_a_file_has_no_total()
    {
        var summary = new ReplaySummary(0, 4, 1, 2, 0, 0, 7, 0);

        Assert.Equal("replay: 7 looked at: 0 moved, 4 would move, 1 skipped, 2 left", ReplayProgress.Line(summary, total: 0));
    }
}
