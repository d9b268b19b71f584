using System.Diagnostics;
using System.Text.Json;
using Brick.Contracts;
using Brick.Simulation;

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
        var program = Path.Combine(AppContext.BaseDirectory, "brick-worker.dll");
        var times = new List<double>();
        for (var i = 1; i <= runs; i++)
        {
            var size = (10L + i) << 30;
            volume.Lun.Grow(size);
            var file = Path.Combine(host.Directory, $"request-{i}.json");
            await File.WriteAllBytesAsync(file, JsonSerializer.SerializeToUtf8Bytes(volume.Request("bench-extend", size), ContractJson.Options), cancellationToken);
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in (string[])[program, "extend", "--request", file, "--host", "bench-extend",
                         "--sys-root", host.Roots.SysRoot, "--dev-root", host.Roots.DevRoot])
                start.ArgumentList.Add(argument);
            var clock = Stopwatch.StartNew();
            using var extend = Process.Start(start) ?? throw new InvalidOperationException("brick-worker extend did not start");
            var output = extend.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = extend.StandardError.ReadToEndAsync(cancellationToken);
            await extend.WaitForExitAsync(cancellationToken);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (extend.ExitCode != 0)
                throw new InvalidOperationException($"brick-worker extend exited {extend.ExitCode}: {await output}{await errors}");
            times.Add(elapsed);
        }

        return Percentiles.Of(times, 50);
    }
}
