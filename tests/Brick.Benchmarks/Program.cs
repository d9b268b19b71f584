using Brick.Benchmarks;

// dotnet run -c Release --project tests/Brick.Benchmarks -- [--size ci|full] [--out DIR] [--only engine|latency|storm|memory|fleet]
//     [--hosts N]   (the fleet part's hosts: 300 with --size ci, 1,000 by default; its own three-node cluster, see FleetBenchmark)
//     [--quorum-tick SECONDS]   (the fleet cluster's quorum_tick_interval; RabbitMQ's default, 5 s, when not given)
//     [--cpu-window SECONDS] [--process-load VOLUMES:ROUNDS] [--variant NAME[@DIR][:KEY=VALUE,...]]...   (the memory part's; see MemoryOptions, WorkerVariant)
// Starts RabbitMQ as the tests do (BRICK_TEST_RABBITMQ_URI, else Testcontainers with BRICK_TEST_RABBITMQ_IMAGE),
// prints every figure with its baseline and writes DIR/benchmarks.json and .md (DIR: artifacts at the repository root).
Environment.SetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY", "false");
var size = args.SkipWhile(a => a != "--size").Skip(1).FirstOrDefault() ?? "full";
if (size is not ("ci" or "full"))
{
    Console.Error.WriteLine("--size is ci or full");
    return 2;
}

var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
if (args.Contains("--only") && (only is null || !BenchmarkRun.Parts.Contains(only)))
{
    Console.Error.WriteLine($"--only is one of: {string.Join(", ", BenchmarkRun.Parts)}");
    return 2;
}

var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine(Brick.Testing.RepositoryRoot.Above(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory(), "artifacts");
var plan = BenchmarkPlan.For(size);
MemoryOptions memory;
FleetPlan fleet;
try
{
    memory = MemoryOptions.From(size, args);
    fleet = FleetPlan.For(size, args);
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
if (args.Contains("--engine-only"))
{
    // The figures that need no broker (discovery, programs per event, waiting): no container is started.
    var engine = await BenchmarkRun.RunEngineAsync(plan, new Figures(), stop.Token);
    engine.Write(output, size + " (engine only)", "none");
    return 0;
}

if (only == "fleet")
{
    // Its own three-node cluster instead of the one broker; exit 1 when a host has more queues than one host declares.
    try
    {
        return await FleetAsync();
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
        Console.Error.WriteLine("Cancelled; the cluster's containers and network are removed.");
        return 130;
    }
}

await using var broker = await Broker.StartAsync(stop.Token);
Console.WriteLine($"Brick.Worker benchmarks ({size}), broker: {broker.Description}");
var figures = await BenchmarkRun.RunAsync(broker, plan, memory, stop.Token, only);
figures.Write(output, only is null ? size : $"{size} (only {only})", broker.Description);
Console.WriteLine($"Written: {Path.Combine(output, "benchmarks.json")}, {Path.Combine(output, "benchmarks.md")}");
return 0;

async Task<int> FleetAsync()
{
    await using var cluster = await FleetCluster.StartAsync(fleet.QuorumTick, stop.Token);
    Console.WriteLine($"Brick.Worker benchmarks ({size}, fleet of {fleet.Hosts} hosts), broker: {cluster.Describe()}");
    var fleetFigures = new Figures();
    Console.WriteLine("| figure | value | baseline (same run) | target | met | note |");
    Console.WriteLine("|---|---|---|---|---|---|");
    var held = FleetFigures.Add(fleetFigures, await FleetBenchmark.RunAsync(cluster, fleet, stop.Token));
    fleetFigures.Write(output, $"{size} (only fleet, {fleet.Hosts} hosts)", cluster.Describe());
    Console.WriteLine($"Written: {Path.Combine(output, "benchmarks.json")}, {Path.Combine(output, "benchmarks.md")}");
    if (!held)
        Console.Error.WriteLine("FAILED: a host has more queues (by type) than the services' topology code declares for one host");
    return held ? 0 : 1;
}
