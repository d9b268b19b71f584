using Brick.Benchmarks;

namespace Brick.Worker.IntegrationTests.Performance;

/// <summary>
/// The short version of the benchmarks (docs/performance.md) that CI runs: what must not regress is counted, not
/// timed. A queued storm is answered with one host operation per volume (coalescing), and a two-path multipath event
/// starts one program when the map grows and none when it already has the size. Timing figures are the benchmark
/// command's to print; a shared CI machine cannot hold them.
/// </summary>
public sealed class BenchmarkRegressionTests(BrokerFixture broker)
{
    private const int Volumes = 50;
    private const int EventsPerVolume = 6;

    /// <summary>
    /// With <c>requestedAt</c> the worker answers queued events by an operation that began after them; without it (issue
    /// 20: 4,026 rescan writes for 400 paths), by reading that every layer already shows their size. Either way at most
    /// 1.1 rescan writes per path: a ratio of what the simulated host counts, which load does not change.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_queued_storm_costs_one_host_operation_per_volume_and_answers_every_event(bool requestedAt)
    {
        broker.Require();

        var storm = await StormBenchmark.RunAsync(broker.Uri, Volumes, EventsPerVolume, paths: 4, prefetch: 64, requestedAt, TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"storm (requestedAt {requestedAt}): {storm.Events} events / {storm.Volumes} volumes: host operations {storm.HostOperations}, rescan writes per path {storm.RescanWritesPerPath:0.###}, multipathd calls {storm.MultipathdCalls}, "
            + $"answered {storm.Answered}, resized {storm.Resized}, at largest {storm.VolumesAtLargest}; drained in {storm.WorkerSeconds:0.###} s (echo {storm.EchoSeconds:0.###} s); {storm.Steps}");
        Assert.Equal(Volumes * EventsPerVolume, storm.Answered);
        Assert.Equal(Volumes * EventsPerVolume, storm.Resized);
        Assert.Equal(Volumes, storm.VolumesAtLargest);
        Assert.InRange(storm.HostOperations, Volumes, (long)(1.1 * Volumes));
        Assert.InRange(storm.MultipathdCalls, Volumes, (int)(1.1 * Volumes));
        Assert.InRange(storm.RescanWritesPerPath, 1.0, 1.1);
    }

    [Fact]
    public async Task A_two_path_multipath_event_starts_one_program_when_the_map_grows_and_none_when_it_has_the_size()
    {
        var (grown, sized) = await EngineBenchmarks.SpawnsPerEventAsync(20, TestContext.Current.CancellationToken);

        Assert.Equal(1, grown);
        Assert.Equal(0, sized);
    }
}
