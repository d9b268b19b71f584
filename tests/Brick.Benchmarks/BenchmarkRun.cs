namespace Brick.Benchmarks;

/// <summary>How big each measurement is: <c>full</c> as issue 11 asks, <c>ci</c> a few hundred events for CI.</summary>
public sealed record BenchmarkPlan(int LatencyEvents, int StormVolumes, int StormEventsPerVolume, int[] DiscoveryDevices, int DiscoveryRuns, int SpawnEvents, int WaitingEvents)
{
    public static BenchmarkPlan For(string size) => size == "ci"
        ? new(200, 50, 6, [10, 1000], 10, 20, 3)
        : new(2000, 1000, 10, [10, 1000, 10_000], 30, 100, 20);
}

/// <summary>Runs every measurement of a plan and states each figure against its baseline and target.</summary>
public static class BenchmarkRun
{
    /// <summary>The parts <c>--only</c> can name; the whole run measures all of them.</summary>
    public static IReadOnlySet<string> Parts { get; } = new HashSet<string>(["engine", "latency", "storm", "memory"], StringComparer.Ordinal);

    public static async Task<Figures> RunAsync(Uri broker, BenchmarkPlan plan, CancellationToken cancellationToken, string? only = null)
    {
        var figures = only is null or "engine" ? await RunEngineAsync(plan, new Figures(), cancellationToken) : Header(new Figures());
        if (only is null or "latency")
            await RunLatencyAsync(broker, plan, figures, cancellationToken);
        if (only is null or "storm")
            await RunStormAsync(broker, plan, figures, cancellationToken);
        if (only is null or "memory")
            await RunMemoryAsync(broker, plan, figures, cancellationToken);
        return figures;
    }

    private static async Task RunLatencyAsync(Uri broker, BenchmarkPlan plan, Figures figures, CancellationToken cancellationToken)
    {
        var latency = await LatencyBenchmark.RunAsync(broker, plan.LatencyEvents, cancellationToken);
        figures.Add(new Figure($"latency p50 over {latency.Events} sequential events", latency.P50Ms, "ms", latency.EchoP50Ms,
            "≤ echo + 1 ms", latency.P50Ms <= latency.EchoP50Ms + 1, "instant simulated kernel, programs in-process (1 resize map per event)"));
        figures.Add(new Figure($"latency p99 over {latency.Events} sequential events", latency.P99Ms, "ms", latency.EchoP99Ms,
            "≤ echo + 5 ms", latency.P99Ms <= latency.EchoP99Ms + 5));
        Console.WriteLine($"latency breakdown (engine, same events): {latency.Steps}");
        figures.Add(new Figure("start-up: run (in-process) to consuming", latency.StartSeconds * 1000, "ms", null, "—", null, "WorkerApplication start until the bus is healthy"));
    }

    private static async Task RunStormAsync(Uri broker, BenchmarkPlan plan, Figures figures, CancellationToken cancellationToken)
    {
        var storm = await StormBenchmark.RunAsync(broker, plan.StormVolumes, plan.StormEventsPerVolume, 4, Math.Max(64, plan.StormVolumes), requestedAt: true, cancellationToken);
        figures.Add(new Figure($"storm: drain {storm.Events} events / {storm.Volumes} volumes × 4 paths", storm.WorkerSeconds, "s", storm.EchoSeconds,
            "≤ 1.25 × echo", storm.WorkerSeconds <= 1.25 * storm.EchoSeconds,
            $"includes the worker's start ({storm.StartSeconds:0.###} s); answered {storm.Answered}, resized {storm.Resized}, volumes at largest {storm.VolumesAtLargest}"));
        figures.Add(new Figure("storm: host operations", storm.HostOperations, "ops", storm.Volumes, "≤ 1.1 × volumes", storm.HostOperations <= 1.1 * storm.Volumes,
            $"multipathd calls {storm.MultipathdCalls}, programs {storm.ProgramCalls}, rescan writes per path {storm.RescanWritesPerPath:0.###}"));
        Console.WriteLine($"storm breakdown (engine, same events): {storm.Steps}");
        var complete = storm.Answered == storm.Events && storm.VolumesAtLargest == storm.Volumes && storm.Resized == storm.Events;
        figures.Add(new Figure("storm: every event answered, every volume at its largest size", complete ? 1 : 0, "", null, "1", complete));
        figures.Add(new Figure("memory: RSS of the benchmark process after the storm", storm.RssAfterMiB, "MiB", null, "—", null,
            $"worker in-process + clients + simulated host; idle {storm.RssIdleMiB:0.#} MiB"));
    }

    private static async Task RunMemoryAsync(Uri broker, BenchmarkPlan plan, Figures figures, CancellationToken cancellationToken)
    {
        var memory = await ProcessMemoryBenchmark.RunAsync(broker, plan.StormVolumes, plan.StormEventsPerVolume, cancellationToken);
        figures.Add(new Figure("memory: RSS of a brick-worker run process, idle", memory.IdleMiB, "MiB", null, "≤ 150 MB", memory.IdleMiB <= 143,
            $"run --simulate, consuming after {memory.StartSeconds:0.##} s"));
        figures.Add(new Figure($"memory: RSS of that process after {memory.Events} events / {memory.Volumes} volumes", memory.AfterMiB, "MiB", null, "≤ 150 MB",
            memory.AfterMiB <= 143, "its simulated host (4 paths and a map per volume) is in the same process"));
        var extendMs = await ExtendStartupBenchmark.MedianMsAsync(5, cancellationToken);
        figures.Add(new Figure("start-up: brick-worker extend process to its outcome (median of 5)", extendMs, "ms", null, "—", null,
            "one-path iSCSI on a simulated tree: one rescan write, no program"));
        figures.Add(new Figure("start-up: brick-worker run process to consuming", memory.StartSeconds * 1000, "ms", null, "—", null, "process start until its queue has a consumer"));
    }

    /// <summary>The figures measured on the engine alone, with no broker.</summary>
    public static async Task<Figures> RunEngineAsync(BenchmarkPlan plan, Figures figures, CancellationToken cancellationToken)
    {
        Header(figures);
        var discovery = new Dictionary<int, double>();
        foreach (var devices in plan.DiscoveryDevices)
        {
            discovery[devices] = await EngineBenchmarks.DiscoveryMedianMsAsync(devices, plan.DiscoveryRuns, cancellationToken);
            var small = discovery[plan.DiscoveryDevices[0]];
            figures.Add(new Figure($"discovery, {devices} block devices (median)", discovery[devices], "ms", small,
                "≤ 1.5 × the 10-device case", devices == plan.DiscoveryDevices[0] ? null : discovery[devices] <= 1.5 * small));
        }

        var (grown, sized) = await EngineBenchmarks.SpawnsPerEventAsync(plan.SpawnEvents, cancellationToken);
        figures.Add(new Figure("programs per event, 2-path multipath, grown", grown, "spawns", null, "≤ 1", grown <= 1));
        figures.Add(new Figure("programs per event, 2-path multipath, already sized", sized, "spawns", null, "0", sized == 0));

        var lags = await EngineBenchmarks.WaitingLagsMsAsync(plan.WaitingEvents, cancellationToken);
        var lagP50 = Percentiles.Of(lags, 50);
        figures.Add(new Figure("waiting: size in sysfs → outcome, kernel late 0–2 s (p50)", lagP50, "ms", null, "≤ 100 ms", lagP50 <= 100,
            $"p99 {Percentiles.Of(lags, 99):0.#} ms over {lags.Count}; engine only (no broker)"));
        return figures;
    }

    private static Figures Header(Figures figures)
    {
        Console.WriteLine("| figure | value | baseline (same run) | target | met | note |");
        Console.WriteLine("|---|---|---|---|---|---|");
        return figures;
    }
}
