using System.Diagnostics;
using System.Text.Json;
using Brick.Contracts;
using Brick.Simulation.Hosts;

namespace Brick.Benchmarks;

/// <summary>What a replay storm cost: the worker's drain against the echo's, and what reached the host.</summary>
public sealed record StormResult(
    int Events, int Volumes, int Answered, int Resized, int VolumesAtLargest,
    double WorkerSeconds, double EchoSeconds, long HostOperations, int MultipathdCalls, int ProgramCalls,
    double RssIdleMiB, double RssAfterMiB, double StartSeconds, string Steps = "")
{
    /// <summary>Rescan writes the host saw during the drain, per path device of the storm's volumes.</summary>
    public double RescanWritesPerPath { get; init; }
}

/// <summary>
/// The replay storm: <c>events</c> for <c>volumes</c> multipath iSCSI volumes (<c>paths</c> each), published in rounds
/// (every volume once per round, growing) while the worker is stopped, then drained; the echo drains the same bodies.
/// Host operations are counted where the host sees them: rescans written ÷ paths per volume. With
/// <c>requestedAt</c> false the events say nothing of when they were asked (an older control plane), so the worker
/// can spare the host only by reading what every layer already shows.
/// </summary>
public static class StormBenchmark
{
    public static async Task<StormResult> RunAsync(Uri broker, int volumes, int eventsPerVolume, int paths, int prefetch, bool requestedAt, CancellationToken cancellationToken)
    {
        var hostName = $"bench-storm-{Guid.NewGuid():N}"[..24];
        await using var simulated = SimulatedHost.Create();
        var layout = Enumerable.Range(0, volumes).Select(_ => simulated.AddIscsiVolume(10L << 30, paths: paths, multipath: true)).ToList();

        // A first start declares the worker's queue and bindings; the storm is queued while it is stopped.
        await (await InProcessWorker.StartAsync(broker, hostName, simulated, prefetch, cancellationToken)).DisposeAsync();
        await using var plane = await ControlPlane.CreateAsync(broker, hostName, cancellationToken);
        var bodies = new List<byte[]>();
        var pending = new List<Task>();
        for (var round = 1; round <= eventsPerVolume; round++)
        {
            for (var v = 0; v < volumes; v++)
            {
                var size = (10L + round) << 30;
                layout[v].Lun.Grow(size);
                var request = new VolumeExtended($"vol-{v:D5}", hostName, "att-1", size, layout[v].Connection, requestedAt ? DateTimeOffset.UtcNow : null);
                bodies.Add(JsonSerializer.SerializeToUtf8Bytes(request, ContractJson.Options));
                pending.Add(plane.PublishAsync(hostName, request, $"storm-{round}-{v}", cancellationToken));
                if (pending.Count >= 256)
                {
                    await Task.WhenAll(pending);
                    pending.Clear();
                }
            }
        }

        await Task.WhenAll(pending);
        var events = volumes * eventsPerVolume;

        // The worker answers a queued event from an operation that began over 1 s after it was asked (clock margin).
        await Task.Delay(TimeSpan.FromSeconds(1.1), cancellationToken);
        var rescansBefore = simulated.RescansWritten;
        var multipathdBefore = simulated.Multipathd.Calls;
        var programsBefore = simulated.ProgramCalls.Count;
        using var steps = new StepTimes();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await using var worker = await InProcessWorker.StartAsync(broker, hostName, simulated, prefetch, cancellationToken);
        var start = clock.Elapsed.TotalSeconds;
        var rssIdle = Memory.RssMiB();
        await plane.WaitForAsync(events, TimeSpan.FromMinutes(10), cancellationToken);
        var workerSeconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var rssAfter = Memory.RssMiB();

        var atLargest = layout.Count(v => simulated.SizeOf(v.GuestDevice) == (10L + eventsPerVolume) << 30);
        var result = new StormResult(
            events, volumes, plane.Received, plane.Outcomes.Values.Count(o => o.Resized), atLargest,
            workerSeconds, await EchoDrainAsync(broker, bodies, prefetch, cancellationToken),
            (simulated.RescansWritten - rescansBefore) / paths, simulated.Multipathd.Calls - multipathdBefore,
            simulated.ProgramCalls.Count - programsBefore, rssIdle, rssAfter, start,
            $"CPU of the benchmark's process (worker, control plane, simulated host) {cpuSeconds:0.#} s over {workerSeconds:0.#} s on {Environment.ProcessorCount} CPUs; {steps.Summary()}")
        {
            RescanWritesPerPath = (double)(simulated.RescansWritten - rescansBefore) / (volumes * paths),
        };
        return result;
    }

    /// <summary>The floor: the same bodies queued for the echo, drained with the same prefetch.</summary>
    private static async Task<double> EchoDrainAsync(Uri broker, List<byte[]> bodies, int prefetch, CancellationToken cancellationToken)
    {
        await using var echo = await EchoConsumer.CreateAsync(broker, $"bench-echo-{Guid.NewGuid():N}"[..22], cancellationToken);
        var connection = await new RabbitMQ.Client.ConnectionFactory { Uri = broker }.CreateConnectionAsync(cancellationToken);
        await using (connection)
        {
            await using var channel = await connection.CreateChannelAsync(new RabbitMQ.Client.CreateChannelOptions(true, true), cancellationToken);
            var pending = new List<Task>();
            for (var i = 0; i < bodies.Count; i++)
            {
                pending.Add(echo.SendAsync(channel, bodies[i], $"echo-{i}", cancellationToken));
                if (pending.Count >= 256)
                {
                    await Task.WhenAll(pending);
                    pending.Clear();
                }
            }

            await Task.WhenAll(pending);
        }

        var clock = Stopwatch.StartNew();
        await echo.StartAsync((ushort)Math.Min(prefetch, ushort.MaxValue), cancellationToken);
        while (echo.Replies.Count < bodies.Count)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
                throw new TimeoutException($"The echo answered {echo.Replies.Count} of {bodies.Count}.");
            await Task.Delay(1, cancellationToken);
        }

        return clock.Elapsed.TotalSeconds;
    }
}

/// <summary>Resident memory of this process or another.</summary>
public static class Memory
{
    public static double RssMiB(int? pid = null)
    {
        foreach (var line in File.ReadLines(pid is { } id ? $"/proc/{id}/status" : "/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        }

        return double.NaN;
    }
}
