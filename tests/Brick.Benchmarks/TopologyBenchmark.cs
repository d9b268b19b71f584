using System.Diagnostics;
using System.Globalization;
using Brick.Contracts;

namespace Brick.Benchmarks;

/// <summary>What one host costs the broker, per kind of consumer (<c>run</c>, <c>blockresize</c>).</summary>
/// <param name="Kind">run or blockresize.</param>
/// <param name="Hosts">How many hosts were started (one process each).</param>
/// <param name="QueuesByType">Queues per host, by type (quorum, classic…).</param>
/// <param name="Exchanges">Exchanges per host (its own: their names hold the host's).</param>
/// <param name="Bindings">Bindings per host whose source or destination is one of its own (the default exchange's implicit ones left out).</param>
/// <param name="MemoryMiBPerHost">The broker node's memory (erlang:memory(total)) after, less before, per host.</param>
/// <param name="ConnectionsPerProcess">Connections the node lists after, less before, per process (once each consumes and 5 s have passed).</param>
/// <param name="ChannelsPerProcess">Their channels.</param>
/// <param name="StartToConsumingMs">Median of process start → its queue has a consumer (declarations included).</param>
public sealed record TopologyCost(
    string Kind, int Hosts, IReadOnlyDictionary<string, double> QueuesByType, double Exchanges, double Bindings, double? MemoryMiBPerHost,
    double ConnectionsPerProcess, double ChannelsPerProcess, double StartToConsumingMs);

/// <summary>
/// Today's per-host cost of the topology on the broker (issue 19, point 3's first half): <c>brick-worker run --simulate</c>
/// and <c>brick-worker blockresize --simulate</c> processes, one per host, on one broker node; what the broker then
/// lists (<c>rabbitmqctl</c> in its container) and its memory. Nothing is published: the cost of the idle topology.
/// </summary>
public static class TopologyBenchmark
{
    public static async Task<IReadOnlyList<TopologyCost>> RunAsync(Broker broker, int hosts, CancellationToken cancellationToken) =>
    [
        await MeasureAsync(broker, "run", hosts, EntityNames.WorkerQueue, cancellationToken),
        await MeasureAsync(broker, "blockresize", hosts, EntityNames.BlockresizeQueue, cancellationToken),
    ];

    private static async Task<TopologyCost> MeasureAsync(
        Broker broker, string kind, int count, Func<string, string> queueOf, CancellationToken cancellationToken)
    {
        var tag = $"topo{kind[0]}{Guid.NewGuid():N}"[..13];
        var names = Enumerable.Range(0, count).Select(i => $"{tag}-{i:D3}").ToArray();
        var before = await MemoryBytesAsync(broker);
        var (connectionsBefore, channelsBefore) = await ConnectionsAsync(broker);
        var processes = new List<Process>();
        var starts = new List<double>();
        try
        {
            foreach (var host in names)
            {
                var clock = Stopwatch.StartNew();
                var process = Start(kind, host, broker.Uri);
                processes.Add(process);
                await WaitForConsumerAsync(broker.Uri, queueOf(host), process, cancellationToken);
                starts.Add(clock.Elapsed.TotalMilliseconds);
            }

            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken); // the start-up's own connections closed
            var after = await MemoryBytesAsync(broker);
            bool Own(string name) => names.Any(h => name.Contains(h, StringComparison.Ordinal));

            var queues = Rows(await broker.RabbitmqctlAsync("list_queues", "-q", "--no-table-headers", "name", "type"))
                .Where(r => Own(r[0])).GroupBy(r => r.Length > 1 ? r[1] : "?")
                .ToDictionary(g => g.Key, g => (double)g.Count() / count, StringComparer.Ordinal);
            var exchanges = Rows(await broker.RabbitmqctlAsync("list_exchanges", "-q", "--no-table-headers", "name")).Count(r => Own(r[0]));
            var bindings = Rows(await broker.RabbitmqctlAsync("list_bindings", "-q", "--no-table-headers", "source_name", "destination_name"))
                .Count(r => r[0].Length > 0 && (Own(r[0]) || (r.Length > 1 && Own(r[1]))));
            var (connections, channels) = await ConnectionsAsync(broker);
            starts.Sort();
            return new TopologyCost(kind, count, queues, (double)exchanges / count, (double)bindings / count,
                before is { } b && after is { } a ? (a - b) / 1048576.0 / count : null,
                (double)(connections - connectionsBefore) / count, (double)(channels - channelsBefore) / count, starts[starts.Count / 2]);
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None);
                }

                process.Dispose();
            }
        }
    }

    private static Process Start(string kind, string host, Uri broker)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "brick-worker.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[program, kind, "--simulate"])
            start.ArgumentList.Add(argument);
        start.Environment["Brick__Host"] = host;
        start.Environment["Brick__Broker"] = broker.ToString();
        start.Environment["Brick__QueueType"] = "Quorum";
        start.Environment["MASSTRANSIT_USAGE_TELEMETRY"] = "false";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"brick-worker {kind} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<long?> MemoryBytesAsync(Broker broker) =>
        long.TryParse((await broker.RabbitmqctlAsync("eval", "erlang:memory(total).")).Trim(), CultureInfo.InvariantCulture, out var bytes) ? bytes : null;

    /// <summary>Every connection the node lists, and their channels.</summary>
    private static async Task<(int Connections, int Channels)> ConnectionsAsync(Broker broker)
    {
        var rows = Rows(await broker.RabbitmqctlAsync("list_connections", "-q", "--no-table-headers", "channels")).ToList();
        return (rows.Count, rows.Sum(r => int.TryParse(r[0], CultureInfo.InvariantCulture, out var n) ? n : 0));
    }

    private static IEnumerable<string[]> Rows(string table) =>
        table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r').Split('\t'));

    private static async Task WaitForConsumerAsync(Uri broker, string queue, Process process, CancellationToken cancellationToken)
    {
        var connection = await new RabbitMQ.Client.ConnectionFactory { Uri = broker }.CreateConnectionAsync(cancellationToken);
        await using (connection)
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (true)
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"brick-worker exited {process.ExitCode} before consuming from {queue}");
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
                    throw new TimeoutException($"brick-worker does not consume from {queue} after 90 s");
                await Task.Delay(50, cancellationToken);
            }
        }
    }
}
