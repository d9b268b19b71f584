using System.Globalization;

namespace Brick.Benchmarks;

/// <summary>The fleet part's figures (<see cref="FleetBenchmark"/>), each against its target (issue 19 point 4).</summary>
public static class FleetFigures
{
    /// <summary>
    /// Adds the figures of <paramref name="r"/>; returns false when the queues of a host, by type, are more than the
    /// services' topology code declares for one host (the one figure CI fails on).
    /// </summary>
    public static bool Add(Figures figures, FleetResult r)
    {
        var gate = true;
        foreach (var (type, expected) in r.Expected.QueuesByType)
        {
            foreach (var (what, counts) in (ReadOnlySpan<(string, HostCounts)>)[($"{r.Hosts} idle hosts", r.Idle), ($"{r.SampleHosts} sampled hosts (real consumers, after their events)", r.Sampled)])
            {
                var value = counts.QueuesByType.GetValueOrDefault(type);
                var met = value <= expected;
                gate &= met;
                figures.Add(new Figure($"fleet: {type} queues per host, {what}", value, "queues", expected, "≤ what one host declares (baseline)", met,
                    type == "quorum" ? F($"{counts.QuorumMembers:0.##} members each (replicas)") : ""));
            }
        }

        foreach (var (type, value) in r.Idle.QueuesByType.Concat(r.Sampled.QueuesByType).Where(t => !r.Expected.QueuesByType.ContainsKey(t.Key)).DistinctBy(t => t.Key))
        {
            gate = false;
            figures.Add(new Figure($"fleet: {type} queues per host, not declared for one host", value, "queues", 0, "0", false));
        }

        figures.Add(new Figure($"fleet: exchanges per host, {r.Hosts} idle hosts", r.Idle.Exchanges, "exchanges", r.Expected.Exchanges, "—", null,
            F($"sampled hosts {r.Sampled.Exchanges:0.##}")));
        figures.Add(new Figure($"fleet: bindings per host, {r.Hosts} idle hosts", r.Idle.Bindings, "bindings", r.Expected.Bindings, "—", null,
            F($"sampled hosts {r.Sampled.Bindings:0.##}; a binding counts when its source, destination or key names the host")));

        for (var n = 0; n < r.HostBytesPerNode.Length; n++)
        {
            var host = r.HostBytesPerNode[n] / 1024;
            var floor = r.FloorBytesPerNode[n] / 1024;
            figures.Add(new Figure($"fleet: broker memory per idle host, node {n + 1}", host, "KiB", floor, "≤ 1.1 × floor", host <= 1.1 * floor,
                F($"erlang:memory(total) after less before (each the median of 3 snapshots a quorum tick apart, of 1 with --size ci), ÷ {r.Hosts}; floor: 2 bare quorum queues with one binding each per host, same run; {host / floor:0.##} × floor; OS RSS {r.HostRssBytesPerNode[n] / 1024:0.#} KiB per host")));
        }

        for (var n = 0; n < r.HostKindsPerNode.Length; n++)
        {
            var (host, floor) = (r.HostKindsPerNode[n], r.FloorKindsPerNode[n]);
            static double Held(IReadOnlyDictionary<string, double> kinds) => NodeMemory.HeldOf(kinds) / 1024;
            var kinds = host.Keys.Union(floor.Keys).Where(k => k is not ("allocated_unused" or "reserved_unallocated"))
                .Select(k => (Kind: k, Host: host.GetValueOrDefault(k) / 1024, Floor: floor.GetValueOrDefault(k) / 1024))
                .Where(k => Math.Abs(k.Host) >= 0.5 || Math.Abs(k.Floor) >= 0.5)
                .OrderByDescending(k => Math.Abs(k.Host - k.Floor));
            figures.Add(new Figure($"fleet: broker memory per idle host in held structures, node {n + 1}", Held(host), "KiB", Held(floor), "— (baseline: the floor's)", null,
                F($"RabbitMQ's kinds that do not move between quorum ticks (metadata, tables, metrics, classic queue and dead-letter worker processes, atoms, other system); {Held(host) - Held(floor):0.#} KiB beyond the floor; host / floor by kind: ") +
                string.Join(", ", kinds.Select(k => F($"{k.Kind} {k.Host:0.#} / {k.Floor:0.#}")))));
        }

        for (var n = 0; n < r.RestingCpuMany.Length; n++)
        {
            var (few, many) = (r.RestingCpuFew[n] * 100, r.RestingCpuMany[n] * 100);
            figures.Add(new Figure($"fleet: broker CPU at rest, node {n + 1}, {r.Hosts + r.SampleHosts} hosts", many, "% of a core", few, "— (baseline: only the sampled hosts declared)", null,
                F($"the node's container over {r.RestWindowSeconds:0} s with nothing sent; {(r.RestingCpuMany[n] - r.RestingCpuFew[n]) * 1e6 / r.Hosts:0.#} µs of CPU per second per idle host")));
        }

        figures.Add(new Figure("fleet: declare time per host (p50)", r.DeclareP50Ms, "ms", null, "—", null,
            F($"HostDeclaration.DeclareAsync (run + blockresize), {r.Declarers} declarers at once; p99 {r.DeclareP99Ms:0.#} ms; {r.Hosts} hosts in {r.DeclareWallSeconds:0.#} s ({r.DeclareWallSeconds * 1000 / r.Hosts:0.#} ms per host of wall time)")));

        var (fewP50, fewP99) = (Percentiles.Of(r.LatencyFew, 50), Percentiles.Of(r.LatencyFew, 99));
        var (manyP50, manyP99) = (Percentiles.Of(r.LatencyMany, 50), Percentiles.Of(r.LatencyMany, 99));
        figures.Add(new Figure($"fleet: publish → outcome p50, {r.Hosts + r.SampleHosts} hosts", manyP50, "ms", fewP50, "— (baseline: only the sampled hosts declared)", null,
            F($"{r.LatencyMany.Count} sequential events over the {r.SampleHosts} sampled hosts")));
        figures.Add(new Figure($"fleet: publish → outcome p99, {r.Hosts + r.SampleHosts} hosts", manyP99, "ms", fewP99, "≤ 2 × the sampled hosts alone", manyP99 <= 2 * fewP99,
            F($"{manyP99 / fewP99:0.##} ×")));

        figures.Add(new Figure($"fleet: {r.StoppedNode} stopped: until every sampled host consumes again", r.RecoverySeconds, "s", null, "—", null,
            F($"from docker stop (which took {r.StopSeconds:0.#} s) to the first outcome, per host, of an event published once the node was down; median host {r.RecoveryMedianSeconds:0.##} s")));
        figures.Add(new Figure("fleet: events lost across the node's stop", r.Lost, "events", null, "0", r.Lost == 0,
            F($"{r.FailoverEvents} events confirmed to the sampled hosts before, while and after; each must get exactly one outcome: {r.Duplicates} got more than one, {r.Failed} a failure; {r.PublishRetries} publishes sent again (not confirmed)")));
        figures.Add(new Figure("fleet: the whole part", r.TotalSeconds, "s", null, "—", null, "cluster start not included"));
        return gate;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
