using System.Diagnostics;
using System.Globalization;
using Brick.Contracts;
using Brick.Testing;

namespace Brick.Benchmarks;

/// <summary>What one <c>brick-worker</c> process costs the host: <c>run</c> or <c>blockresize</c>, in one variant.</summary>
public sealed record ProcessCost(
    string Command,
    string Variant,
    double StartMs,
    double IdleMiB,
    double IdleCpuPercent,
    double WindowSeconds,
    int TcpConnections,
    IReadOnlyList<BrokerConnection>? BrokerConnections,
    long Threads,
    MemoryBreakdown IdleBreakdown,
    int Events,
    double PeakMiB,
    double AfterMiB,
    double LoadSeconds,
    double LoadCpuSeconds,
    long ThreadsAfter,
    ProcessRollup IdleRollup,
    string TopThreads)
{
    /// <summary>Resident memory 5 s after consuming, before its first idle release (<c>Brick:IdleRelease</c>), MiB.</summary>
    public double StartedMiB { get; init; }

    /// <summary>Resident memory once idle again after the load, past its release, MiB.</summary>
    public double AfterReleasedMiB { get; init; }

    /// <summary><c>run</c>: publish → outcome of the first event after the idle release (its file pages read again), ms.</summary>
    public double FirstOutcomeMs { get; init; }

    /// <summary><c>run</c>: publish → outcome of the event right after that one (a new volume too), ms.</summary>
    public double NextOutcomeMs { get; init; }

    /// <summary>The broker's connections of this process, as "name (channels)".</summary>
    public string DescribeBrokerConnections() => BrokerConnections is null
        ? "broker not listed (BRICK_TEST_RABBITMQ_URI)"
        : string.Join("; ", BrokerConnections.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} ({c.Channels} channels)")));
}

/// <summary>
/// The worker as it runs on a host: its own process, <c>brick-worker run --simulate</c> (whose simulated host lays out
/// each volume on its first request) and <c>brick-worker blockresize --simulate</c> (its stand-in QEMU guest on a QMP
/// socket), each against the benchmark's broker. For each: process start → the broker shows its consumer; then, idle
/// and consuming, resident memory (and where it is, <see cref="ProcFs.Breakdown"/>), its AMQP connections (its TCP
/// sockets to the broker, and the broker's own list with their channels), its threads and its CPU time over a
/// window; then a load (run: the storm's volumes and rounds; blockresize: outcomes of its guest's device, growing),
/// with the peak and the resident memory after. The simulated host and the stand-in guest live in the measured
/// process, so the figures over-state the worker a little.
/// </summary>
public static class ProcessMemoryBenchmark
{
    /// <summary>
    /// How long after consuming (and after a load) the figures wait before they read a process as idle: its idle release
    /// (<c>Brick:IdleReleaseAfter</c>, 30 s by default) and 10 s for the release and what the idle process touches again.
    /// </summary>
    private static readonly TimeSpan Released = TimeSpan.FromSeconds(40);

    /// <summary>
    /// Starts <c>run</c> then <c>blockresize</c> (each measured to consuming while the other is idle or absent),
    /// measures both idle over the same CPU window, then loads each in turn.
    /// </summary>
    public static async Task<(ProcessCost Run, ProcessCost Blockresize, ProcessCost? RunOnHost, ProcessCost Floor)> RunAsync(
        Broker broker, WorkerVariant variant, int volumes, int eventsPerVolume, int guestEvents, TimeSpan window, CancellationToken cancellationToken)
    {
        var runHost = $"bench-mem-{Guid.NewGuid():N}"[..22];
        var virtHost = $"bench-virt-{Guid.NewGuid():N}"[..23];
        await using var plane = await ControlPlane.CreateAsync(broker.Uri, runHost, cancellationToken);
        await using var guests = await GuestPlane.CreateAsync(broker.Uri, virtHost, cancellationToken);

        await using var run = BenchmarkWorker.Start(variant, "run", runHost, broker.Uri);
        var runStart = await run.WaitUntilConsumingAsync(broker.Uri, EntityNames.WorkerQueue(runHost), cancellationToken);
        await using var virt = BenchmarkWorker.Start(variant, "blockresize", virtHost, broker.Uri);
        var virtStart = await virt.WaitUntilConsumingAsync(broker.Uri, EntityNames.BlockresizeQueue(virtHost), cancellationToken);
        // `run` as a compute host runs it: on this machine's own /sys and /dev (nothing to resize while idle), with no
        // simulated kernel in the process. It needs root (the lock directory under /run); skipped otherwise. A published
        // variant runs from a copy of its own, as on a host where no other process maps the program's file: the kernel
        // pages out (IdleRelease) only pages no other process maps, and the two --simulate processes map the same file.
        var hostHost = $"bench-host-{Guid.NewGuid():N}"[..23];
        using var hostCopy = variant.Directory is { } published ? new CopiedDirectory(published) : null;
        await using var onHost = Environment.UserName == "root"
            ? BenchmarkWorker.Start(hostCopy is null ? variant : variant with { Directory = hostCopy.Path }, "run", hostHost, broker.Uri, simulate: false)
            : null;
        var onHostStart = onHost is null ? TimeSpan.Zero : await onHost.WaitUntilConsumingAsync(broker.Uri, EntityNames.WorkerQueue(hostHost), cancellationToken);
        // The floor: a bare .NET consumer with one connection, idle over the same window (FloorProcess).
        var floorQueue = $"bench-floor-{Guid.NewGuid():N}"[..24];
        await using var floor = FloorProcess.Start(broker.Uri, floorQueue);
        var floorStart = await floor.WaitUntilConsumingAsync(broker.Uri, floorQueue, cancellationToken);

        // Settled: what start-up allocated and compiled is done, the first heartbeats went out.
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var started = (Run: run.RssMiB(), Virt: virt.RssMiB(), Host: onHost?.RssMiB() ?? 0, Floor: ProcFs.Status(floor.Id, "VmRSS") / 1024.0);
        // The broker's list: each bus names its connection after its host; any other connection of either process
        // (the topology declarer's, the readiness checks') is counted by its TCP socket below and listed with both.
        var listed = await broker.ConnectionsAsync(cancellationToken);
        var runBus = $"brick-worker {runHost}";
        var virtBus = $"brick-worker blockresize {virtHost}";
        var hostBus = $"brick-worker {hostHost}";
        var others = listed?.Where(c => c.Name.StartsWith("brick-worker", StringComparison.Ordinal) && c.Name != runBus && c.Name != virtBus && c.Name != hostBus).ToList() ?? [];
        var hostConnections = listed?.Where(c => c.Name == hostBus).Concat(others).ToList();
        var hostTcp = onHost is null ? 0 : ProcFs.TcpConnectionsTo(onHost.Id, broker.Uri.Port);
        var runConnections = listed?.Where(c => c.Name == runBus).Concat(others).ToList();
        var virtConnections = listed?.Where(c => c.Name == virtBus).Concat(others).ToList();
        var runTcp = ProcFs.TcpConnectionsTo(run.Id, broker.Uri.Port);
        var virtTcp = ProcFs.TcpConnectionsTo(virt.Id, broker.Uri.Port);

        var floorTcp = ProcFs.TcpConnectionsTo(floor.Id, broker.Uri.Port);
        var floorConnections = listed?.Where(c => c.Name == $"brick-floor {floorQueue}").ToList();

        // Idle from here on: each worker process releases its memory once (IdleRelease), and the window reads it after.
        await Task.Delay(Released - TimeSpan.FromSeconds(5), cancellationToken);
        var cpuBefore = (Run: ProcFs.CpuSeconds(run.Id), Virt: ProcFs.CpuSeconds(virt.Id), Host: onHost is null ? 0 : ProcFs.CpuSeconds(onHost.Id),
            Floor: ProcFs.CpuSeconds(floor.Id));
        var threadsBefore = (Run: ThreadCpu.Take(run.Id), Virt: ThreadCpu.Take(virt.Id), Host: onHost is null ? null : ThreadCpu.Take(onHost.Id),
            Floor: ThreadCpu.Take(floor.Id));
        var clock = Stopwatch.StartNew();
        await Task.Delay(window, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var runCpu = (ProcFs.CpuSeconds(run.Id) - cpuBefore.Run) / seconds * 100;
        var virtCpu = (ProcFs.CpuSeconds(virt.Id) - cpuBefore.Virt) / seconds * 100;
        var hostCpu = onHost is null ? 0 : (ProcFs.CpuSeconds(onHost.Id) - cpuBefore.Host) / seconds * 100;
        var floorCpu = (ProcFs.CpuSeconds(floor.Id) - cpuBefore.Floor) / seconds * 100;
        var runTop = ThreadCpu.Describe(run.Id, threadsBefore.Run, seconds, runCpu);
        var virtTop = ThreadCpu.Describe(virt.Id, threadsBefore.Virt, seconds, virtCpu);
        var hostTop = onHost is null ? "" : ThreadCpu.Describe(onHost.Id, threadsBefore.Host!, seconds, hostCpu);
        var runIdle = (Rss: run.RssMiB(), Threads: ProcFs.Status(run.Id, "Threads"), Breakdown: ProcFs.Breakdown(run.Id), Rollup: ProcessRollup.Read(run.Id));
        var virtIdle = (Rss: virt.RssMiB(), Threads: ProcFs.Status(virt.Id, "Threads"), Breakdown: ProcFs.Breakdown(virt.Id), Rollup: ProcessRollup.Read(virt.Id));
        var floorCost = new ProcessCost("floor (bare .NET consumer)", variant.Name, floorStart.TotalMilliseconds, ProcFs.Status(floor.Id, "VmRSS") / 1024.0,
            floorCpu, seconds, floorTcp, floorConnections, ProcFs.Status(floor.Id, "Threads"), ProcFs.Breakdown(floor.Id), 0, 0, 0, 0, 0, 0,
            ProcessRollup.Read(floor.Id), ThreadCpu.Describe(floor.Id, threadsBefore.Floor, seconds, floorCpu));
        ProcessCost? hostCost = onHost is null
            ? null
            : new ProcessCost("run (no --simulate)", variant.Name, onHostStart.TotalMilliseconds, onHost.RssMiB(), hostCpu, seconds, hostTcp, hostConnections,
                ProcFs.Status(onHost.Id, "Threads"), ProcFs.Breakdown(onHost.Id), 0, 0, 0, 0, 0, 0, ProcessRollup.Read(onHost.Id), hostTop);

        // The next message after a release reads the code it runs from the file again: one new volume, then another.
        var firstOutcome = await OneOutcomeAsync(plane, runHost, "vol-first", cancellationToken);
        var nextOutcome = await OneOutcomeAsync(plane, runHost, "vol-next", cancellationToken);
        var runLoad = await LoadAsync(run, async () =>
        {
            await PublishStormAsync(plane, runHost, volumes, eventsPerVolume, cancellationToken);
            await plane.WaitForAsync(2 + volumes * eventsPerVolume, TimeSpan.FromMinutes(10), cancellationToken);
        }, cancellationToken);
        var virtLoad = await LoadAsync(virt, async () =>
        {
            // The stand-in host's devices show 1 TiB; each outcome asks a little more of the guest's disk (dm-0).
            for (var i = 1; i <= guestEvents; i++)
                await guests.PublishAsync(virtHost, "/dev/dm-0", (11L << 30) + i * (1L << 20), $"guest-{i}", cancellationToken);
            await guests.WaitForAsync(guestEvents, TimeSpan.FromMinutes(10), cancellationToken);
        }, cancellationToken);
        await Task.Delay(Released, cancellationToken);
        var released = (Run: run.RssMiB(), Virt: virt.RssMiB());

        return (
            new ProcessCost("run", variant.Name, runStart.TotalMilliseconds, runIdle.Rss, runCpu, seconds, runTcp, runConnections, runIdle.Threads, runIdle.Breakdown,
                volumes * eventsPerVolume, runLoad.Peak, runLoad.After, runLoad.Seconds, runLoad.Cpu, runLoad.Threads, runIdle.Rollup, runTop)
            {
                StartedMiB = started.Run, AfterReleasedMiB = released.Run, FirstOutcomeMs = firstOutcome, NextOutcomeMs = nextOutcome,
            },
            new ProcessCost("blockresize", variant.Name, virtStart.TotalMilliseconds, virtIdle.Rss, virtCpu, seconds, virtTcp, virtConnections, virtIdle.Threads,
                virtIdle.Breakdown, guestEvents, virtLoad.Peak, virtLoad.After, virtLoad.Seconds, virtLoad.Cpu, virtLoad.Threads, virtIdle.Rollup, virtTop)
            {
                StartedMiB = started.Virt, AfterReleasedMiB = released.Virt,
            },
            hostCost is null ? null : hostCost with { StartedMiB = started.Host },
            floorCost with { StartedMiB = started.Floor });
    }

    /// <summary>
    /// <c>run</c> with its HTTP endpoint (<c>--http</c>) once <c>/readyz</c> has been asked (its <c>binding</c> check
    /// talks to the broker): the AMQP connections it then holds, on its TCP sockets and in the broker's list.
    /// </summary>
    public static async Task<(int Tcp, IReadOnlyList<BrokerConnection>? Listed, int ReadyStatus)> ConnectionsWithHttpAsync(
        Broker broker, WorkerVariant variant, CancellationToken cancellationToken)
    {
        var host = $"bench-http-{Guid.NewGuid():N}"[..23];
        var port = FreePort();
        await using var run = BenchmarkWorker.Start(variant, "run", host, broker.Uri, "--http", $"127.0.0.1:{port}");
        await run.WaitUntilConsumingAsync(broker.Uri, EntityNames.WorkerQueue(host), cancellationToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var status = 0;
        for (var i = 0; i < 20 && status != 200; i++)
        {
            // The topology is declared in the background: until then /readyz answers 503.
            status = (int)(await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"), cancellationToken)).StatusCode;
            if (status != 200)
                await Task.Delay(500, cancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var listed = (await broker.ConnectionsAsync(cancellationToken))?.Where(c => c.Name.StartsWith("brick-worker", StringComparison.Ordinal)).ToList();
        return (ProcFs.TcpConnectionsTo(run.Id, broker.Uri.Port), listed, status);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs <paramref name="load"/> while sampling the process's resident memory every 50 ms.</summary>
    private static async Task<(double Peak, double After, double Seconds, double Cpu, long Threads)> LoadAsync(
        WorkerProcess worker, Func<Task> load, CancellationToken cancellationToken)
    {
        var cpu = ProcFs.CpuSeconds(worker.Id);
        var clock = Stopwatch.StartNew();
        var peak = worker.RssMiB();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, worker.RssMiB());
                try
                {
                    await Task.Delay(50, done.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);
        try
        {
            await load();
        }
        finally
        {
            await done.CancelAsync();
            await sampler;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var after = worker.RssMiB();
        return (Math.Max(peak, after), after, seconds, ProcFs.CpuSeconds(worker.Id) - cpu, ProcFs.Status(worker.Id, "Threads"));
    }

    /// <summary>Publishes one event for a new volume and waits for its outcome; returns publish → outcome in ms.</summary>
    private static async Task<double> OneOutcomeAsync(ControlPlane plane, string hostName, string volume, CancellationToken cancellationToken)
    {
        var count = plane.Received;
        var request = new VolumeExtended(volume, hostName, "att-1", 11L << 30, Connection(99_999 - count), DateTimeOffset.UtcNow);
        var clock = Stopwatch.StartNew();
        await plane.PublishAsync(hostName, request, $"mem-one-{volume}", cancellationToken);
        await plane.WaitForAsync(count + 1, TimeSpan.FromMinutes(1), cancellationToken);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task PublishStormAsync(ControlPlane plane, string hostName, int volumes, int eventsPerVolume, CancellationToken cancellationToken)
    {
        var pending = new List<Task>();
        for (var round = 1; round <= eventsPerVolume; round++)
        {
            for (var v = 0; v < volumes; v++)
            {
                var request = new VolumeExtended($"vol-{v:D5}", hostName, "att-1", (10L + round) << 30, Connection(v), DateTimeOffset.UtcNow);
                pending.Add(plane.PublishAsync(hostName, request, $"mem-{round}-{v}", cancellationToken));
                if (pending.Count >= 256)
                {
                    await Task.WhenAll(pending);
                    pending.Clear();
                }
            }
        }

        await Task.WhenAll(pending);
    }

    /// <summary>A four-portal multipath iSCSI volume, as a control plane would describe it.</summary>
    private static VolumeConnection Connection(int volume)
    {
        var portals = Enumerable.Range(1, 4).Select(p => $"192.0.2.{p}:3260").ToArray();
        var iqn = $"iqn.2010-10.org.example:bench-{volume:D5}";
        var wwid = string.Create(CultureInfo.InvariantCulture, $"36001405{volume:x8}00000000000000000");
        return VolumeConnection.From("iscsi", new Dictionary<string, object>
        {
            ["target_portals"] = portals,
            ["target_iqns"] = portals.Select(_ => iqn).ToArray(),
            ["target_luns"] = portals.Select(_ => 1).ToArray(),
            ["scsi_wwn"] = wwid,
            ["multipath_id"] = wwid,
        });
    }
}
