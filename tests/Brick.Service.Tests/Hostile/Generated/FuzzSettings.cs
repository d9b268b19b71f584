using System.Globalization;

namespace Brick.Service.Tests.Hostile.Generated;

/// <summary>
/// How many messages to generate and from which seed: <c>BRICK_FUZZ_CASES</c> (default 10,000, the CI figure) and
/// <c>BRICK_FUZZ_SEED</c> (a run's seed, as the test prints it, to replay that run; default a new one each run).
/// <c>BRICK_FUZZ_CASE</c> runs only that case of the seed.
/// </summary>
internal sealed record FuzzSettings(int Cases, ulong Seed, int? OnlyCase)
{
    public const int DefaultCases = 10_000;

    public static FuzzSettings FromEnvironment()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable("BRICK_FUZZ_CASES"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : DefaultCases;
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("BRICK_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s)
            ? s
            : (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        int? only = int.TryParse(Environment.GetEnvironmentVariable("BRICK_FUZZ_CASE"), CultureInfo.InvariantCulture, out var c) ? c : null;
        return new FuzzSettings(cases, seed, only);
    }

    /// <summary>The indices of the cases to run.</summary>
    public IEnumerable<int> Indices => OnlyCase is { } one ? [one] : Enumerable.Range(0, Cases);

    /// <summary>How to run this again.</summary>
    public string Replay => $"BRICK_FUZZ_SEED={Seed} BRICK_FUZZ_CASES={Cases}";
}
