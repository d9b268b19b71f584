using System.Diagnostics;
using System.Globalization;
using Brick.Contracts;

namespace Brick.Benchmarks;

/// <summary>Resident memory of a <c>brick-worker run --simulate</c> process: idle once consuming, and after a storm.</summary>
public sealed record ProcessMemoryResult(double IdleMiB, double AfterMiB, int Events, int Volumes, double StartSeconds);

/// <summary>
/// The worker as it runs on a host: its own process (<c>brick-worker run</c>, here with <c>--simulate</c>, whose
/// simulated host lays out each volume on its first request), so that the figure holds the worker and nothing of the
/// benchmark. The simulated host lives in that process too, so the figure over-states the worker by its tree.
/// </summary>
public static class ProcessMemoryBenchmark
{
    public static async Task<ProcessMemoryResult> RunAsync(Uri broker, int volumes, int eventsPerVolume, CancellationToken cancellationToken)
    {
        var hostName = $"bench-mem-{Guid.NewGuid():N}"[..22];
        var program = Path.Combine(AppContext.BaseDirectory, "brick-worker.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[program, "run", "--simulate", "--host", hostName, "--broker", broker.ToString(), "--queue-type", "Quorum"])
            start.ArgumentList.Add(argument);
        start.Environment["MASSTRANSIT_USAGE_TELEMETRY"] = "false";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        var clock = Stopwatch.StartNew();
        using var worker = Process.Start(start) ?? throw new InvalidOperationException("brick-worker did not start");
        worker.OutputDataReceived += (_, _) => { };
        worker.ErrorDataReceived += (_, _) => { };
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        try
        {
            await using var plane = await ControlPlane.CreateAsync(broker, hostName, cancellationToken);
            await WaitForConsumerAsync(broker, EntityNames.WorkerQueue(hostName), worker, cancellationToken);
            var started = clock.Elapsed.TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var idle = Memory.RssMiB(worker.Id);

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
            await plane.WaitForAsync(volumes * eventsPerVolume, TimeSpan.FromMinutes(10), cancellationToken);
            return new ProcessMemoryResult(idle, Memory.RssMiB(worker.Id), volumes * eventsPerVolume, volumes, started);
        }
        finally
        {
            if (!worker.HasExited)
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync(CancellationToken.None);
            }
        }
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

    private static async Task WaitForConsumerAsync(Uri broker, string queue, Process worker, CancellationToken cancellationToken)
    {
        var connection = await new RabbitMQ.Client.ConnectionFactory { Uri = broker }.CreateConnectionAsync(cancellationToken);
        await using (connection)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                if (worker.HasExited)
                    throw new InvalidOperationException($"brick-worker exited {worker.ExitCode} before consuming");
                await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                try
                {
                    if ((await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).ConsumerCount > 0)
                        return;
                }
                catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
                {
                    // Not declared yet.
                }

                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"brick-worker does not consume from {queue} after 60 s");
                await Task.Delay(50, cancellationToken);
            }
        }
    }
}
