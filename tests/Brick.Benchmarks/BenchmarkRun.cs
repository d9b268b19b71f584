using System.Globalization;

namespace Brick.Benchmarks;

/// <summary>How big each measurement is: <c>full</c> as issue 11 asks, <c>ci</c> a few hundred events for CI.</summary>
public sealed record BenchmarkPlan(int LatencyEvents, int StormVolumes, int StormEventsPerVolume, int[] DiscoveryDevices, int DiscoveryRuns, int SpawnEvents, int WaitingEvents, int GuestEvents)
{
    public static BenchmarkPlan For(string size) => size == "ci"
        ? new(200, 50, 6, [10, 1000], 10, 20, 3, 100)
        : new(2000, 1000, 10, [10, 1000, 10_000], 30, 100, 20, 1000);
}

/// <summary>
/// The memory part's options: the window its idle CPU is averaged over (<c>--cpu-window SECONDS</c>; issue 19's target is
/// over 10 minutes, the default is 60 s for <c>full</c> and 10 s for <c>ci</c>) and the ways of running the worker it
/// measures (<c>--variant</c>, repeatable; the first is the baseline of the others; none given: the benchmark's build).
/// </summary>
public sealed record MemoryOptions(TimeSpan Window, IReadOnlyList<WorkerVariant> Variants)
{
    /// <summary><c>--process-load VOLUMES:ROUNDS</c>: the <c>run</c> process's load, when not the storm's volumes and rounds.</summary>
    public (int Volumes, int Rounds)? Load { get; init; }

    public static MemoryOptions From(string size, IReadOnlyList<string> args)
    {
        var window = args.SkipWhile(a => a != "--cpu-window").Skip(1).FirstOrDefault() is { } given
            ? TimeSpan.FromSeconds(double.Parse(given, System.Globalization.CultureInfo.InvariantCulture))
            : TimeSpan.FromSeconds(size == "ci" ? 10 : 60);
        var variants = args.Select((a, i) => (a, i)).Where(p => p.a == "--variant" && p.i + 1 < args.Count)
            .Select(p => WorkerVariant.Parse(args[p.i + 1])).ToList();
        (int, int)? load = args.SkipWhile(a => a != "--process-load").Skip(1).FirstOrDefault()?.Split(':') is [var v, var r]
            ? (int.Parse(v, CultureInfo.InvariantCulture), int.Parse(r, CultureInfo.InvariantCulture))
            : null;
        return new MemoryOptions(window, variants.Count == 0 ? [WorkerVariant.Default] : variants) { Load = load };
    }
}

/// <summary>Runs every measurement of a plan and states each figure against its baseline and target.</summary>
public static class BenchmarkRun
{
    /// <summary>The parts <c>--only</c> can name; the whole run measures all of them.</summary>
    public static IReadOnlySet<string> Parts { get; } = new HashSet<string>(["engine", "latency", "storm", "memory", "fleet"], StringComparer.Ordinal);

    public static async Task<Figures> RunAsync(Broker broker, BenchmarkPlan plan, MemoryOptions memory, CancellationToken cancellationToken, string? only = null)
    {
        var figures = only is null or "engine" ? await RunEngineAsync(plan, new Figures(), cancellationToken) : Header(new Figures());
        if (only is null or "latency")
            await RunLatencyAsync(broker.Uri, plan, figures, cancellationToken);
        if (only is null or "storm")
            await RunStormAsync(broker.Uri, plan, figures, cancellationToken);
        if (only is null or "memory")
            await RunMemoryAsync(broker, plan, memory, figures, cancellationToken);
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
        figures.Add(new Figure("start-up: run (in-process) to consuming", latency.StartSeconds * 1000, "ms", null, "—", null, "its host (ConsumerApplication with AddExtendService) from start until the bus is healthy"));
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

    private static async Task RunMemoryAsync(Broker broker, BenchmarkPlan plan, MemoryOptions options, Figures figures, CancellationToken cancellationToken)
    {
        ProcessCost? baseRun = null, baseVirt = null, baseHost = null;
        foreach (var variant in options.Variants)
        {
            ProcessCost run, virt;
            ProcessCost? onHost;
            ProcessCost floor;
            try
            {
                (run, virt, onHost, floor) = await ProcessMemoryBenchmark.RunAsync(broker, variant,
                    options.Load?.Volumes ?? plan.StormVolumes, options.Load?.Rounds ?? plan.StormEventsPerVolume, plan.GuestEvents, options.Window, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && baseRun is not null)
            {
                // A variant that does not work (a trimmed build that breaks, a setting the runtime refuses) is a finding too.
                Console.WriteLine($"variant {variant.Name} ({variant.Describe()}) failed: {e.GetType().Name}: {e.Message}");
                figures.Add(new Figure($"[{variant.Name}] works", 0, "", null, "1", false, $"{e.GetType().Name}: {e.Message}"));
                continue;
            }

            Console.WriteLine($"variant {variant.Name}: {variant.Describe()}");
            Console.WriteLine($"  run idle: {run.IdleBreakdown}; {run.Threads} threads; broker: {run.DescribeBrokerConnections()}");
            Console.WriteLine($"  blockresize idle: {virt.IdleBreakdown}; {virt.Threads} threads; broker: {virt.DescribeBrokerConnections()}");
            foreach (var p in onHost is null ? [run, virt, floor] : (ProcessCost[])[run, virt, onHost, floor])
                Console.WriteLine($"  {p.Command} idle: {p.IdleRollup}; CPU {p.IdleCpuPercent:0.###} % over {p.WindowSeconds:0} s, top threads: {p.TopThreads}");
            if (baseRun is null || baseVirt is null)
            {
                (baseRun, baseVirt, baseHost) = (run, virt, onHost);
                AddProcessFigures(figures, run, virt);
                if (onHost is not null)
                    AddOnHostFigures(figures, onHost);
                AddFloorFigures(figures, floor);
            }
            else
            {
                AddVariantFigures(figures, variant, run, virt, baseRun, baseVirt);
                if (onHost is not null)
                    AddOnHostVariantFigures(figures, variant, onHost, baseHost);
            }

            var (tcp, listed, ready) = await ProcessMemoryBenchmark.ConnectionsWithHttpAsync(broker, variant, cancellationToken);
            figures.Add(new Figure($"{(variant == options.Variants[0] ? "" : $"[{variant.Name}] ")}AMQP connections: brick-worker run --http process, after /readyz", tcp, "connections", null, "1", tcp == 1,
                $"/readyz answered {ready}; the broker lists: {(listed is null ? "—" : string.Join("; ", listed.Select(c => $"{c.Name} ({c.Channels} channels)")))}"));
        }

        var extendMs = await ExtendStartupBenchmark.MedianMsAsync(5, cancellationToken);
        figures.Add(new Figure("start-up: brick-worker extend process to its outcome (median of 5)", extendMs, "ms", null, "—", null,
            "one-path iSCSI on a simulated tree: one rescan write, no program"));
    }

    /// <summary>Issue 19 point 5's figures for <c>run</c> and <c>blockresize</c>, each against its target.</summary>
    private static void AddProcessFigures(Figures figures, ProcessCost run, ProcessCost virt)
    {
        const double TargetMiB = 50;
        foreach (var p in (ProcessCost[])[run, virt])
        {
            var what = $"brick-worker {p.Command} process";
            figures.Add(new Figure($"memory: RSS of a {what}, idle (consuming)", p.IdleMiB, "MiB", null, "≤ 50 MiB", p.IdleMiB <= TargetMiB,
                $"{p.Threads} threads; {p.IdleBreakdown}"));
            figures.Add(new Figure($"memory: RSS of a {what}, 5 s after consuming (before its idle release)", p.StartedMiB, "MiB", null, "—", null));
            AddRollupFigures(figures, what, p);
            figures.Add(p.Command == "run"
                ? new Figure($"memory: RSS of that process after {p.Events} events (the storm's volumes and rounds)", p.AfterMiB, "MiB", null,
                    "≤ 150 MB (issue 11)", p.AfterMiB <= 143, string.Create(CultureInfo.InvariantCulture,
                        $"peak {p.PeakMiB:0.#} MiB; {p.LoadCpuSeconds:0.##} s CPU in {p.LoadSeconds:0.##} s; {p.ThreadsAfter} threads; its simulated host (4 paths and a map per volume) is in the same process"))
                : new Figure($"memory: RSS of that process after {p.Events} outcomes of its guest's device", p.AfterMiB, "MiB", null, "≤ 50 MiB", p.AfterMiB <= TargetMiB,
                    string.Create(CultureInfo.InvariantCulture, $"peak {p.PeakMiB:0.#} MiB; {p.LoadCpuSeconds:0.##} s CPU in {p.LoadSeconds:0.##} s; {p.ThreadsAfter} threads; its stand-in guest and host are in the same process")));
            figures.Add(new Figure($"memory: RSS of that process idle again after the load (past its idle release)", p.AfterReleasedMiB, "MiB", null, "≤ 50 MiB",
                p.AfterReleasedMiB <= TargetMiB));
            if (p.Command == "run")
            {
                figures.Add(new Figure("latency: run, publish → outcome of the first event after the idle release", p.FirstOutcomeMs, "ms", p.NextOutcomeMs, "—", null,
                    "baseline: the event right after it (a new volume too); the difference is what reading the paged-out code again costs"));
            }

            figures.Add(new Figure($"CPU: {what}, idle, averaged over {p.WindowSeconds:0} s", p.IdleCpuPercent, "% of a core", null, "≤ 0.1 % over 10 min",
                p.IdleCpuPercent <= 0.1, $"user + system time of all its threads (/proc/PID/stat); top threads (/proc/PID/task): {p.TopThreads}"));
            figures.Add(new Figure($"AMQP connections: {what}, consuming", p.TcpConnections, "connections", null, "1", p.TcpConnections == 1,
                $"its TCP sockets to the broker; the broker lists: {p.DescribeBrokerConnections()}"));
            figures.Add(new Figure($"start-up: {what} to consuming", p.StartMs, "ms", null, "≤ 1 s", p.StartMs <= 1000, "process start until the broker shows its queue's consumer"));
        }
    }

    /// <summary>PSS and the private part beside the RSS (<c>/proc/PID/smaps_rollup</c>).</summary>
    private static void AddRollupFigures(Figures figures, string what, ProcessCost p)
    {
        figures.Add(new Figure($"memory: PSS of a {what}, idle", p.IdleRollup.PssMiB, "MiB", null, "—", null,
            "shared pages divided among the processes mapping them"));
        figures.Add(new Figure($"memory: private part of a {what}, idle", p.IdleRollup.PrivateMiB, "MiB", null, "—", null,
            string.Create(CultureInfo.InvariantCulture, $"{p.IdleRollup}; the shared file-backed part is the assemblies and native libraries, shared with the next process mapping the same files")));
    }

    /// <summary><c>run</c> without <c>--simulate</c>, idle on this machine: what a compute host pays.</summary>
    private static void AddOnHostFigures(Figures figures, ProcessCost p)
    {
        const string What = "brick-worker run process without --simulate";
        figures.Add(new Figure($"memory: RSS of a {What}, idle (consuming)", p.IdleMiB, "MiB", null, "≤ 50 MiB", p.IdleMiB <= 50, $"{p.Threads} threads; {p.IdleBreakdown}"));
        figures.Add(new Figure($"memory: RSS of a {What}, 5 s after consuming (before its idle release)", p.StartedMiB, "MiB", null, "—", null));
        AddRollupFigures(figures, What, p);
        figures.Add(new Figure($"CPU: {What}, idle, averaged over {p.WindowSeconds:0} s", p.IdleCpuPercent, "% of a core", null, "≤ 0.1 % over 10 min",
            p.IdleCpuPercent <= 0.1, $"this machine's own /sys and /dev, nothing to resize; top threads: {p.TopThreads}"));
        figures.Add(new Figure($"AMQP connections: {What}, consuming", p.TcpConnections, "connections", null, "1", p.TcpConnections == 1,
            $"the broker lists: {p.DescribeBrokerConnections()}"));
        figures.Add(new Figure($"start-up: {What} to consuming", p.StartMs, "ms", null, "≤ 1 s", p.StartMs <= 1000, "process start until the broker shows its queue's consumer"));
    }

    /// <summary>The bare .NET consumer beside them (<see cref="FloorProcess"/>), no target: what any .NET consumer pays.</summary>
    private static void AddFloorFigures(Figures figures, ProcessCost p)
    {
        const string What = "bare .NET consumer (one connection, one queue; the floor)";
        figures.Add(new Figure($"memory: RSS of a {What}, idle", p.IdleMiB, "MiB", null, "—", null, $"{p.Threads} threads; {p.IdleBreakdown}"));
        AddRollupFigures(figures, What, p);
        figures.Add(new Figure($"CPU: {What}, idle, averaged over {p.WindowSeconds:0} s", p.IdleCpuPercent, "% of a core", null, "—", null,
            $"top threads: {p.TopThreads}"));
        figures.Add(new Figure($"start-up: {What} to consuming", p.StartMs, "ms", null, "—", null, "process start until the broker shows its queue's consumer"));
    }

    private static void AddOnHostVariantFigures(Figures figures, WorkerVariant variant, ProcessCost p, ProcessCost? baseline)
    {
        var name = $"[{variant.Name}]";
        figures.Add(new Figure($"{name} run (no --simulate) idle RSS", p.IdleMiB, "MiB", baseline?.IdleMiB, "≤ 50 MiB", p.IdleMiB <= 50,
            $"before its idle release {p.StartedMiB:0.0} (baseline {baseline?.StartedMiB:0.0}); PSS {p.IdleRollup.PssMiB:0.0} (baseline {baseline?.IdleRollup.PssMiB:0.0}), private {p.IdleRollup.PrivateMiB:0.0} (baseline {baseline?.IdleRollup.PrivateMiB:0.0}) MiB"));
        figures.Add(new Figure($"{name} run (no --simulate) idle CPU over {p.WindowSeconds:0} s", p.IdleCpuPercent, "%", baseline?.IdleCpuPercent, "≤ 0.1 %", p.IdleCpuPercent <= 0.1,
            $"top threads: {p.TopThreads}"));
    }

    /// <summary>A variant's figures beside the first variant's (the baseline column), measured in the same run.</summary>
    private static void AddVariantFigures(Figures figures, WorkerVariant variant, ProcessCost run, ProcessCost virt, ProcessCost baseRun, ProcessCost baseVirt)
    {
        var name = $"[{variant.Name}]";
        figures.Add(new Figure($"{name} run idle RSS", run.IdleMiB, "MiB", baseRun.IdleMiB, "≤ 50 MiB", run.IdleMiB <= 50,
            $"before its idle release {run.StartedMiB:0.0} (baseline {baseRun.StartedMiB:0.0}); {run.Threads} threads; {run.IdleBreakdown}; {variant.Describe()}"));
        figures.Add(new Figure($"{name} run RSS idle again after the load", run.AfterReleasedMiB, "MiB", baseRun.AfterReleasedMiB, "≤ 50 MiB", run.AfterReleasedMiB <= 50));
        figures.Add(new Figure($"{name} run first outcome after the idle release", run.FirstOutcomeMs, "ms", baseRun.FirstOutcomeMs, "—", null,
            string.Create(CultureInfo.InvariantCulture, $"the next one {run.NextOutcomeMs:0.#} ms (baseline {baseRun.NextOutcomeMs:0.#})")));
        figures.Add(new Figure($"{name} run RSS after {run.Events} events", run.AfterMiB, "MiB", baseRun.AfterMiB, "—", null,
            string.Create(CultureInfo.InvariantCulture, $"peak {run.PeakMiB:0.#} (baseline {baseRun.PeakMiB:0.#}); load CPU {run.LoadCpuSeconds:0.##} s (baseline {baseRun.LoadCpuSeconds:0.##}); load {run.LoadSeconds:0.##} s (baseline {baseRun.LoadSeconds:0.##})")));
        figures.Add(new Figure($"{name} run idle CPU over {run.WindowSeconds:0} s", run.IdleCpuPercent, "%", baseRun.IdleCpuPercent, "≤ 0.1 %", run.IdleCpuPercent <= 0.1,
            $"top threads: {run.TopThreads}"));
        figures.Add(new Figure($"{name} run idle PSS", run.IdleRollup.PssMiB, "MiB", baseRun.IdleRollup.PssMiB, "—", null,
            $"private {run.IdleRollup.PrivateMiB:0.0} (baseline {baseRun.IdleRollup.PrivateMiB:0.0}) MiB"));
        figures.Add(new Figure($"{name} run start to consuming", run.StartMs, "ms", baseRun.StartMs, "≤ 1 s", run.StartMs <= 1000));
        figures.Add(new Figure($"{name} blockresize idle RSS", virt.IdleMiB, "MiB", baseVirt.IdleMiB, "≤ 50 MiB", virt.IdleMiB <= 50, $"{virt.Threads} threads; {virt.IdleBreakdown}"));
        figures.Add(new Figure($"{name} blockresize RSS after {virt.Events} outcomes", virt.AfterMiB, "MiB", baseVirt.AfterMiB, "≤ 50 MiB", virt.AfterMiB <= 50,
            string.Create(CultureInfo.InvariantCulture, $"peak {virt.PeakMiB:0.#} (baseline {baseVirt.PeakMiB:0.#})")));
        figures.Add(new Figure($"{name} blockresize idle CPU over {virt.WindowSeconds:0} s", virt.IdleCpuPercent, "%", baseVirt.IdleCpuPercent, "≤ 0.1 %", virt.IdleCpuPercent <= 0.1,
            $"top threads: {virt.TopThreads}"));
        figures.Add(new Figure($"{name} blockresize start to consuming", virt.StartMs, "ms", baseVirt.StartMs, "≤ 1 s", virt.StartMs <= 1000));
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
