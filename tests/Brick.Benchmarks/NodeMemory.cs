using System.Text.Json;

namespace Brick.Benchmarks;

/// <summary>
/// One node's memory, in bytes: <c>erlang:memory(total)</c>, the OS's RSS, and RabbitMQ's own breakdown of it by kind
/// (<c>rabbitmqctl status</c>: <c>mnesia</c>, <c>quorum_ets</c>, <c>queue_procs</c>, …), as <c>memory_breakdown</c> names them.
/// </summary>
public sealed record NodeMemory(long Erlang, long Rss, IReadOnlyDictionary<string, long> Kinds)
{
    /// <summary>
    /// The kinds that are held structures, not heaps: the metadata (exchanges, bindings, queue records, policies), the
    /// tables (ETS, the metrics', the message index), the classic queues' and dead-letter workers' processes, the atoms and
    /// the runtime's other system memory. The quorum queues' process heaps, other processes'
    /// heaps and binaries grow and shrink between two quorum ticks (±50 KiB per host seen a minute apart at 500 hosts), so
    /// a snapshot's total moves with them; these do not.
    /// </summary>
    public static readonly IReadOnlySet<string> Held = new HashSet<string>(StringComparer.Ordinal)
    {
        "mnesia", "metadata_store", "metadata_store_ets", "quorum_ets", "other_ets", "queue_procs", "quorum_queue_dlx_procs",
        "metrics", "other_system", "msg_index", "atom",
    };

    /// <summary>Reads the <c>memory</c> object of <c>rabbitmqctl status --formatter json</c>.</summary>
    public static NodeMemory Parse(string statusJson)
    {
        using var status = JsonDocument.Parse(statusJson);
        var memory = status.RootElement.GetProperty("memory");
        var total = memory.GetProperty("total");
        var kinds = memory.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
        return new NodeMemory(total.GetProperty("erlang").GetInt64(), total.GetProperty("rss").GetInt64(), kinds);
    }

    /// <summary>Each figure's median over <paramref name="samples"/> (the upper middle one of an even count).</summary>
    public static NodeMemory Median(IReadOnlyList<NodeMemory> samples)
    {
        static long Of(IEnumerable<long> values)
        {
            var sorted = values.Order().ToArray();
            return sorted[sorted.Length / 2];
        }

        var kinds = samples.SelectMany(s => s.Kinds.Keys).Distinct(StringComparer.Ordinal)
            .ToDictionary(k => k, k => Of(samples.Select(s => s.Kinds.GetValueOrDefault(k))), StringComparer.Ordinal);
        return new NodeMemory(Of(samples.Select(s => s.Erlang)), Of(samples.Select(s => s.Rss)), kinds);
    }

    /// <summary>The sum of the <see cref="Held"/> kinds of <paramref name="kinds"/>.</summary>
    public static double HeldOf(IReadOnlyDictionary<string, double> kinds) => kinds.Where(k => Held.Contains(k.Key)).Sum(k => k.Value);

    /// <summary>Each kind's growth from <paramref name="before"/> to <paramref name="after"/>, ÷ <paramref name="per"/>.</summary>
    public static IReadOnlyDictionary<string, double> Growth(NodeMemory before, NodeMemory after, int per) =>
        after.Kinds.ToDictionary(k => k.Key, k => (double)(k.Value - before.Kinds.GetValueOrDefault(k.Key)) / per, StringComparer.Ordinal);
}
