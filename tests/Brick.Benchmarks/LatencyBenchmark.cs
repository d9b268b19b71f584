using System.Diagnostics;
using System.Text.Json;
using Brick.Contracts;
using Brick.Simulation.Hosts;

namespace Brick.Benchmarks;

/// <summary>Sequential latency, published → outcome received, of the worker and of the echo on the same broker.</summary>
public sealed record LatencyResult(int Events, double P50Ms, double P99Ms, double EchoP50Ms, double EchoP99Ms, double StartSeconds, double RssIdleMiB, string Steps);

public static class LatencyBenchmark
{
    public static async Task<LatencyResult> RunAsync(Uri broker, int events, CancellationToken cancellationToken)
    {
        var hostName = $"bench-lat-{Guid.NewGuid():N}"[..22];
        await using var simulated = SimulatedHost.Create();
        var volumes = Enumerable.Range(0, 20).Select(_ => simulated.AddIscsiVolume(10L << 30, paths: 2, multipath: true)).ToList();
        var clock = Stopwatch.StartNew();
        await using var worker = await InProcessWorker.StartAsync(broker, hostName, simulated, 64, cancellationToken);
        var start = clock.Elapsed.TotalSeconds;

        // The outcome exchanges exist once the worker has declared its topology.
        await using var plane = await ControlPlane.CreateAsync(broker, hostName, cancellationToken);
        await Task.Delay(500, cancellationToken);
        var rssIdle = Memory.RssMiB();

        var worked = new List<double>();
        var bodies = new List<byte[]>();
        using var steps = new StepTimes();
        for (var i = 0; i < events; i++)
        {
            var volume = volumes[i % volumes.Count];
            var size = volume.Lun.SizeBytes + (1L << 30);
            volume.Lun.Grow(size);
            var request = new VolumeExtended($"vol-{i % volumes.Count}", hostName, "att-1", size, volume.Connection, DateTimeOffset.UtcNow);
            bodies.Add(JsonSerializer.SerializeToUtf8Bytes(request, ContractJson.Options));
            var id = $"lat-{i}";
            var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            plane.Waiters[id] = arrived;
            var sent = Stopwatch.GetTimestamp();
            await plane.PublishAsync(hostName, request, id, cancellationToken);
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            worked.Add(Stopwatch.GetElapsedTime(sent, plane.Outcomes[id].At).TotalMilliseconds);
        }

        var echoed = new List<double>();
        await using var echo = await EchoConsumer.CreateAsync(broker, $"bench-echo-{Guid.NewGuid():N}"[..22], cancellationToken);
        await echo.StartAsync(64, cancellationToken);
        var connection = await new RabbitMQ.Client.ConnectionFactory { Uri = broker }.CreateConnectionAsync(cancellationToken);
        await using (connection)
        {
            await using var channel = await connection.CreateChannelAsync(new RabbitMQ.Client.CreateChannelOptions(true, true), cancellationToken);
            for (var i = 0; i < events; i++)
            {
                var id = $"echo-{i}";
                var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                echo.Waiters[id] = arrived;
                var sent = Stopwatch.GetTimestamp();
                await echo.SendAsync(channel, bodies[i], id, cancellationToken);
                await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                echoed.Add(Stopwatch.GetElapsedTime(sent, echo.Replies[id]).TotalMilliseconds);
            }
        }

        return new LatencyResult(events, Percentiles.Of(worked, 50), Percentiles.Of(worked, 99),
            Percentiles.Of(echoed, 50), Percentiles.Of(echoed, 99), start, rssIdle, steps.Summary());
    }
}
