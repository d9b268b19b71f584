using Brick.Engine.Tests.Support;
using Brick.Simulation.Devices;
using static Brick.Testing.Sizes;

namespace Brick.Engine.Tests.Operations;

/// <summary>Events of one volume that wait together cost the host one operation (issue 11), on a simulated four-path map.</summary>
public sealed class CoalescingScenarioTests : IAsyncLifetime
{
    private readonly SimulatedEngine _sim = new();
    private SimulatedVolume _volume = null!;

    public ValueTask InitializeAsync()
    {
        _volume = _sim.Host.AddIscsiVolume(10 * GiB, paths: 4, multipath: true);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _sim.DisposeAsync();

    [Fact]
    public async Task Events_that_wait_while_their_volume_is_busy_are_answered_by_one_more_operation_with_one_multipathd_call()
    {
        _sim.Host.ProgramLatency = TimeSpan.FromMilliseconds(300);
        _volume.Lun.Grow(11 * GiB);
        var first = _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 11 * GiB));
        // Recorded when resize map starts, 300 ms before it answers (Multipathd.Calls counts answers: too late, under load
        // the first operation could end before the others had joined its volume's line).
        await WaitUntil(() => _sim.Host.ProgramCalls.Any(c => c.Arguments is ["resize", "map", ..]));
        _volume.Lun.Grow(20 * GiB);

        var waiting = Enumerable.Range(12, 9).Select(g => _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, g * GiB))).ToList();
        var outcomes = await Task.WhenAll(waiting.Prepend(first));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Detail));
        Assert.All(outcomes.Skip(1), o => Assert.Equal(20 * GiB, o.SizeBytes));
        Assert.Equal(2, _sim.Engine.HostOperations);
        Assert.Equal(2, _sim.Host.Multipathd.Calls);
        // Each of the two operations rescans each path; a loaded machine's kernel thread can make one look lagging and
        // draw a reissue, so the count per path is a floor, not an exact figure (the operations count is the guarantee).
        Assert.All(_volume.Paths, p => Assert.True(_sim.Host.ScsiPath(p).Rescans >= 2, $"{p} was rescanned {_sim.Host.ScsiPath(p).Rescans} times, not once per operation"));
        Assert.Equal(20 * GiB, _sim.Host.SizeOf(_volume.Map!));
    }

    [Fact]
    public async Task A_volume_already_at_the_size_costs_no_program_at_all()
    {
        _volume.Lun.Grow(20 * GiB);
        await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));
        var before = _sim.Runner.Calls.Count;

        var again = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.True(again.Succeeded, again.Detail);
        Assert.Equal(before, _sim.Runner.Calls.Count);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}
