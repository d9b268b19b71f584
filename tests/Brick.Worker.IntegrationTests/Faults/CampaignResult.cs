using System.Globalization;
using Brick.Contracts;

namespace Brick.Worker.IntegrationTests.Faults;

/// <summary>What a <see cref="FaultCampaign"/> saw: every event's outcomes, the host's sizes and <c>losetup</c> calls, the faults.</summary>
public sealed record CampaignResult(
    string Name,
    CampaignSize Size,
    IReadOnlyList<CampaignEvent> Events,
    IReadOnlyDictionary<string, IReadOnlyList<Outcome>> Outcomes,
    IReadOnlyList<string> WrongSizes,
    IReadOnlyList<(LosetupSpan First, LosetupSpan Second)> Overlaps,
    IReadOnlyList<string> FaultsInjected,
    int Published,
    int Republished,
    int ClientReconnects,
    int ClientRedeliveries,
    int Strays,
    int LosetupCalls,
    int WorkerStarts,
    uint Unrouted,
    uint ErrorQueue,
    double Seconds,
    string WorkerLogTail)
{
    /// <summary>Events with no outcome at all: losses.</summary>
    public IReadOnlyList<CampaignEvent> Lost => [.. Events.Where(e => Outcomes[e.CorrelationId].Count == 0)];

    /// <summary>Outcomes beyond the first of their event (the same event answered again after a redelivery).</summary>
    public int Duplicates => Outcomes.Values.Sum(o => Math.Max(0, o.Count - 1));

    /// <summary>Events answered more than once.</summary>
    public int EventsAnsweredTwice => Outcomes.Values.Count(o => o.Count > 1);

    /// <summary>Failure outcomes, each with its event: for valid requests on a host that can serve them, each is wrong.</summary>
    public IReadOnlyList<Outcome> Failures => [.. Outcomes.Values.SelectMany(o => o).Where(o => !o.Resized)];

    /// <summary>Successes that say the volume is smaller than their event asked.</summary>
    public IReadOnlyList<Outcome> ShortSuccesses =>
    [
        .. Events.SelectMany(e => Outcomes[e.CorrelationId].Where(o => o.Resized && (o.Long("newSizeBytes") ?? 0) < e.SizeBytes)),
    ];

    /// <summary>The figures, one line each, for the test's output and docs/reliability.md.</summary>
    public IReadOnlyList<(string Figure, string Value)> Figures()
    {
        var c = CultureInfo.InvariantCulture;
        return
        [
            ("events", Events.Count.ToString(c)),
            ("volumes", Size.Volumes.ToString(c)),
            ("faults injected", $"{FaultsInjected.Count}: {string.Join("; ", FaultsInjected)}"),
            ("answered", (Events.Count - Lost.Count).ToString(c)),
            ("lost", Lost.Count.ToString(c)),
            ("duplicate outcomes", $"{Duplicates} (events answered more than once: {EventsAnsweredTwice})"),
            ("failure outcomes", Failures.Count == 0 ? "0" : $"{Failures.Count}: {string.Join(", ", Failures.GroupBy(f => f.Reason).Select(g => $"{g.Key} {g.Count()}"))}"),
            ("volumes not at their largest size", WrongSizes.Count.ToString(c)),
            ("overlapping operations on one volume", Overlaps.Count.ToString(c)),
            ("losetup calls (writes)", LosetupCalls.ToString(c)),
            ("published (republished after a lost confirm)", $"{Published} ({Republished})"),
            ("worker processes", WorkerStarts.ToString(c)),
            ($"left in {EntityNames.Unrouted} / the error queue", $"{Unrouted} / {ErrorQueue}"),
            ("control plane reconnects / outcomes redelivered to it", $"{ClientReconnects} / {ClientRedeliveries}"),
            ("seconds", Seconds.ToString("0", c)),
        ];
    }

    /// <summary>The figures as one line of text.</summary>
    public string Summary() => $"{Name}: " + string.Join("; ", Figures().Select(f => $"{f.Figure} {f.Value}"));

    /// <summary>What went wrong, for an assertion's message: the first few of each kind, and the worker's last lines.</summary>
    public string Explain() =>
        string.Join('\n',
        [
            Summary(),
            .. Lost.Take(5).Select(e => $"lost: /dev/loop{e.Volume} round {e.Round} ({e.SizeBytes} bytes), correlation {e.CorrelationId}"),
            .. Failures.Take(5).Select(f => $"failure: {f}"),
            .. ShortSuccesses.Take(5).Select(f => $"short: {f}"),
            .. WrongSizes.Take(5),
            .. Overlaps.Take(5).Select(o => $"overlap on {o.First.Device}: {o.First.Start}-{o.First.End} and {o.Second.Start}-{o.Second.End}"),
            "worker log (last lines):",
            WorkerLogTail,
        ]);
}
