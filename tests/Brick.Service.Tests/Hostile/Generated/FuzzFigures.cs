using System.Globalization;

namespace Brick.Service.Tests.Hostile.Generated;

/// <summary>What a run of generated messages saw; every count but the first four must be zero.</summary>
internal sealed class FuzzFigures
{
    public int Cases;
    public int Valid;
    public int Invalid;
    public int ErrorQueueCopies;
    public int Canaries;
    public int Disagreements;
    public int Crashes;
    public int UnsafeDetails;
    public int WrongEnds;
    public int Writes;
    public int Commands;
    public int EngineRuns;
    public int CanariesNotServed;
    public int UnsafeLogLines;
    public int LogLines;
    public long PeakMemoryMiB;
    public TimeSpan Duration;
    public readonly List<string> Failures = [];

    /// <summary>The invalid ones by the <c>brick-reason</c> they ended with in the error queue.</summary>
    public readonly SortedDictionary<string, int> ByReason = new(StringComparer.Ordinal);

    public void Fail(string failure)
    {
        if (Failures.Count < 30)
            Failures.Add(failure);
    }

    public IEnumerable<(string, string)> Rows(FuzzSettings settings) =>
    [
        ("seed (replay)", settings.Replay),
        ("generated cases", N(Cases)),
        ("valid by the contract's oracle / invalid", $"{N(Valid)} / {N(Invalid)}"),
        ("read and validated as the consumer does: disagreeing with the oracle", N(Disagreements)),
        ("exceptions escaping the read and validation", N(Crashes)),
        ("details not log-safe (control, line-separator or bidi characters)", N(UnsafeDetails)),
        ("invalid ones through the in-memory bus: in the error queue with their brick-reason", N(ErrorQueueCopies)),
        ("... by brick-reason", string.Join(", ", ByReason.Select(r => $"{r.Key} {N(r.Value)}"))),
        ("... ending otherwise (wrong or no reason, an unexpected exception, never moved)", N(WrongEnds)),
        ("sysfs writes seen while they were consumed", N(Writes)),
        ("commands run while they were consumed", N(Commands)),
        ("engine runs for them", N(EngineRuns)),
        ("valid requests served after each batch / not served", $"{N(Canaries)} / {N(CanariesNotServed)}"),
        ("log lines read / not log-safe", $"{N(LogLines)} / {N(UnsafeLogLines)}"),
        ("peak working set", $"{PeakMemoryMiB} MiB"),
        ("seconds", Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)),
    ];

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
