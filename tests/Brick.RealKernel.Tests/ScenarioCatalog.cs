using System.Text.Json;

namespace Brick.RealKernel.Tests;

/// <summary>A boot of the test VM: its name (given to the guest as <c>brick.boot=NAME</c>) and extra kernel arguments.</summary>
internal sealed record Boot(string Name, string Append, string About);

/// <summary>
/// A scenario of the list: the boot it runs on, the scenario whose volume it continues (<c>after</c>, its one
/// dependency), the sentence its test reads as, what its script sets up, and what it must end with.
/// </summary>
internal sealed record Scenario(string Id, string Boot, string? After, string Test, string Setup, Expectation Expect)
{
    public override string ToString() => Id;
}

/// <summary>
/// <c>tests/vm/payloads/scenarios/scenarios.json</c>, the one list of the real-kernel scenarios: the guest runs what it
/// lists, this project judges it (embedded at build time).
/// </summary>
internal sealed record ScenarioCatalog(string Host, IReadOnlyList<Guest> Guests, IReadOnlyList<Boot> Boots, IReadOnlyList<Scenario> Scenarios, IReadOnlyList<PeerScenario> Peers)
{
    public const string RepositoryPath = "tests/vm/payloads/scenarios/scenarios.json";

    public static ScenarioCatalog Current { get; } = Load();

    public PeerScenario Peer(string id) =>
        Peers.FirstOrDefault(s => s.Id == id) ?? throw new KeyNotFoundException($"{RepositoryPath} lists no peer scenario '{id}'.");

    public Scenario this[string id] =>
        Scenarios.FirstOrDefault(s => s.Id == id) ?? throw new KeyNotFoundException($"{RepositoryPath} lists no scenario '{id}'.");

    /// <summary>
    /// Every boot of every guest that runs something at <paramref name="size"/>: at the CI size a guest runs its
    /// <c>ci</c> ids, or all but its <c>ciExcept</c> ids; at the full size every guest runs every scenario of every boot.
    /// </summary>
    public IReadOnlyList<GuestRun> Runs(string size) =>
    [
        .. Guests.SelectMany((guest, i) => Boots.Select(boot => new GuestRun(guest, boot, i == 0, size == SuiteSize.Full ? null : CiIds(guest))))
            .Where(run => ScenariosOf(run).Any() || PeersOf(run).Any()),
    ];

    /// <summary>Every scenario a run of <see cref="Runs"/> at <paramref name="size"/> runs, with its run.</summary>
    public IEnumerable<(GuestRun Run, Scenario Scenario)> PlannedScenarios(string size) =>
        Runs(size).SelectMany(run => ScenariosOf(run).Select(scenario => (run, scenario)));

    /// <summary>Every peer scenario a run of <see cref="Runs"/> at <paramref name="size"/> runs, with its run.</summary>
    public IEnumerable<(GuestRun Run, PeerScenario Peer)> PlannedPeers(string size) =>
        Runs(size).SelectMany(run => PeersOf(run).Select(peer => (run, peer)));

    /// <summary>The scenarios of <paramref name="run"/>'s boot that it runs, in the list's order.</summary>
    public IEnumerable<Scenario> ScenariosOf(GuestRun run) => Scenarios.Where(s => s.Boot == run.Boot.Name && run.Runs(s.Id));

    /// <summary>The peer scenarios of <paramref name="run"/>'s boot that it runs, in the list's order.</summary>
    public IEnumerable<PeerScenario> PeersOf(GuestRun run) => Peers.Where(p => p.Boot == run.Boot.Name && run.Runs(p.Id));

    private HashSet<string>? CiIds(Guest guest) =>
        guest.Ci is { } ci ? ci.ToHashSet(StringComparer.Ordinal)
        : guest.CiExcept.Count == 0 ? null
        : Scenarios.Select(s => s.Id).Concat(Peers.Select(p => p.Id)).Except(guest.CiExcept, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);

    public static ScenarioCatalog Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow });
        var root = CatalogJson.Object(document.RootElement, "scenarios.json", "about", "host", "guests", "boots", "scenarios", "peers");
        var guests = root["guests"].EnumerateArray().Select((g, i) =>
        {
            var o = CatalogJson.Object(g, $"guests[{i}]", "name", "suite", "about", "ci", "ciExcept");
            if (o.ContainsKey("ci") && o.ContainsKey("ciExcept"))
                throw new FormatException($"guests[{i}]: 'ci' or 'ciExcept', not both.");
            return new Guest(
                CatalogJson.String(o, "name", $"guests[{i}]")!,
                CatalogJson.String(o, "suite", $"guests[{i}]")!,
                CatalogJson.String(o, "about", $"guests[{i}]")!,
                o.ContainsKey("ci") ? CatalogJson.Strings(o, "ci") : null,
                CatalogJson.Strings(o, "ciExcept"));
        });
        var boots = root["boots"].EnumerateArray().Select((b, i) =>
        {
            var o = CatalogJson.Object(b, $"boots[{i}]", "name", "append", "about");
            return new Boot(CatalogJson.String(o, "name", $"boots[{i}]")!, CatalogJson.String(o, "append", $"boots[{i}]")!, CatalogJson.String(o, "about", $"boots[{i}]")!);
        });
        var scenarios = root["scenarios"].EnumerateArray().Select((s, i) =>
        {
            var where = $"scenarios[{i}]";
            var o = CatalogJson.Object(s, where, "id", "boot", "after", "test", "setup", "expect");
            var id = CatalogJson.String(o, "id", where)!;
            where = $"scenarios[{i}] ({id})";
            return new Scenario(
                id,
                CatalogJson.String(o, "boot", where)!,
                CatalogJson.String(o, "after", where, required: false),
                CatalogJson.String(o, "test", where)!,
                CatalogJson.String(o, "setup", where)!,
                Expectation.Parse(o.TryGetValue("expect", out var e) ? e : throw new FormatException($"{where}.expect is required."), $"{where}.expect"));
        });
        var peers = root.TryGetValue("peers", out var p) ? p.EnumerateArray().Select(PeerScenario.Parse).ToList() : [];
        return new ScenarioCatalog(CatalogJson.String(root, "host", "scenarios.json")!, [.. guests], [.. boots], [.. scenarios], peers);
    }

    private static ScenarioCatalog Load()
    {
        using var stream = typeof(ScenarioCatalog).Assembly.GetManifestResourceStream("scenarios.json")
            ?? throw new InvalidOperationException($"{RepositoryPath} is not embedded in the test assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
