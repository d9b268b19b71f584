using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Brick.Contracts;
using Brick.Simulation.Hosts;
using Brick.Testing;

namespace Brick.Benchmarks;

/// <summary>
/// <c>brick-worker extend</c> as an operator or a script starts it: process start to the outcome printed and the exit,
/// for a one-path iSCSI volume on a simulated tree (a rescan write, no program), the median of <c>runs</c>.
/// </summary>
public static class ExtendStartupBenchmark
{
    public static async Task<double> MedianMsAsync(int runs, CancellationToken cancellationToken)
    {
        await using var host = SimulatedHost.Create();
        var volume = host.AddIscsiVolume(10L << 30, paths: 1, multipath: false);
        var times = new List<double>();
        for (var i = 1; i <= runs; i++)
        {
            var size = (10L + i) << 30;
            volume.Lun.Grow(size);
            var file = Path.Combine(host.Directory, $"request-{i}.json");
            await File.WriteAllBytesAsync(file, JsonSerializer.SerializeToUtf8Bytes(volume.Request("bench-extend", size), ContractJson.Options), cancellationToken);
            await using var extend = WorkerProcess.Start(["extend", "--request", file, "--host", "bench-extend",
                "--sys-root", host.Roots.SysRoot, "--dev-root", host.Roots.DevRoot]);
            var exitCode = await extend.WaitForExitAsync(TimeSpan.FromMinutes(2));
            var elapsed = Stopwatch.GetElapsedTime(extend.StartedAt).TotalMilliseconds;
            if (exitCode != 0)
                throw new InvalidOperationException($"brick-worker extend exited {exitCode?.ToString(CultureInfo.InvariantCulture) ?? "not within 2 minutes"}: {extend.Output}");
            times.Add(elapsed);
        }

        return Percentiles.Of(times, 50);
    }
}
