using System.Diagnostics;
using System.Globalization;
using System.Text;
using Brick.Service.Inbound;
using Brick.Service.Tests.Hostile;
using Brick.Virt.Messaging;

namespace Brick.Virt.Tests.Hostile.Generated;

/// <summary>
/// Issue 18, "Hostile input, again": blockresize's generated hostile set, as run's <c>GeneratedHostileMessageTests</c>.
/// Every generated delivery (<see cref="OutcomeGenerator"/>) is read as the consumer reads it and judged against the
/// contract's oracle (<see cref="OutcomeOracle"/>), never against blockresize's own code; every invalid one is then
/// delivered to blockresize's real endpoint on MassTransit's in-memory transport, where it must end in the error queue
/// as <c>InvalidOutcome</c> through the consumer's own refusal (nothing lost, no crash, the reason named, in a
/// sentence that cannot forge a log line), with no call of any kind to the hypervisor and nothing published. After
/// each batch a valid outcome must still be served. <c>BRICK_FUZZ_SEED</c> and <c>BRICK_FUZZ_OUTCOMES</c> replay or
/// enlarge a run; the figures (cases, classes, outcomes by reason) go to the test output.
/// </summary>
public sealed class GeneratedHostileOutcomeTests
{
    private const int DefaultCases = 1000;
    private const int Batch = 250;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Generated_outcomes_end_as_the_contract_says_and_the_hypervisor_is_asked_nothing_for_an_invalid_one()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable("BRICK_FUZZ_OUTCOMES"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : DefaultCases;
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("BRICK_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s)
            ? s
            : (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        var replay = $"BRICK_FUZZ_SEED={seed} BRICK_FUZZ_OUTCOMES={cases}";
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"generated hostile outcomes: seed {seed}; replay with {replay}");

        var clock = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var generator = new OutcomeGenerator(seed, now);
        var figures = new Figures();
        using var logs = new LogLineWatch();
        await using (var blockresize = await InMemoryBlockresize.StartAsync(logs))
        {
            var canary = ValidOutcomes.For(OutcomeOracle.Host, now)[0];
            figures.StartSeconds = clock.Elapsed.TotalSeconds;
            foreach (var batch in Enumerable.Range(0, cases).Chunk(Batch))
            {
                var phase = Stopwatch.StartNew();
                var generated = batch.Select(generator.Case).ToList();
                foreach (var one in generated)
                    ReadAndJudge(one, now, figures);
                figures.ReadSeconds += phase.Elapsed.TotalSeconds;
                phase.Restart();
                await ThroughTheBusAsync([.. generated.Where(g => !g.IsValid)], blockresize, figures);
                figures.BusSeconds += phase.Elapsed.TotalSeconds;
                phase.Restart();
                await ServedAsync(blockresize, canary, figures);
                figures.CanarySeconds += phase.Elapsed.TotalSeconds;
            }
        }

        figures.Seconds = clock.Elapsed.TotalSeconds;
        foreach (var line in logs.Unsafe)
            figures.Fail($"log line not log-safe: {line}");
        figures.UnsafeLogLines = logs.UnsafeCount;
        var report = figures.Report(replay, logs.Lines);
        output?.WriteLine(report);
        Console.Error.WriteLine(report);
        foreach (var failure in figures.Failures)
            output?.WriteLine(failure);

        Assert.Equal(cases, figures.Cases);
        Assert.True(figures.Valid > 0 && figures.Invalid > cases / 2, "the generator made too few valid or invalid cases to say anything");
        Assert.True(
            figures is { Disagreements: 0, Crashes: 0, UnsafeReasons: 0, WrongEnds: 0, HypervisorCalls: 0, Published: 0, CanariesNotServed: 0, UnsafeLogLines: 0 },
            $"seed {seed}: " + string.Join(Environment.NewLine, figures.Failures));
    }

    /// <summary>The consumer's read (<see cref="InboundReader"/>, then <see cref="OutcomeReader"/>), against the oracle.</summary>
    private static void ReadAndJudge(GeneratedOutcome generated, DateTimeOffset now, Figures figures)
    {
        figures.Count(generated);
        try
        {
            string? refusal = null;
            try
            {
                OutcomeReader.Read(InboundReader.Read(generated.Body, generated.ContentType, OutcomeOracle.MaxBytes), OutcomeOracle.Host, new FixedClock(now));
            }
            catch (InvalidOutcomeException e)
            {
                refusal = e.Message;
            }

            if ((refusal is null) != generated.IsValid)
            {
                figures.Disagreements++;
                figures.Fail($"{(refusal is null ? "read as valid" : $"InvalidOutcome ({refusal})")} for {generated.Describe()}");
            }

            if (!LogSafe.Is(refusal))
            {
                figures.UnsafeReasons++;
                figures.Fail($"reason not log-safe: {refusal} for {generated.Describe()}");
            }
        }
        catch (Exception e)
        {
            figures.Crashes++;
            figures.Fail($"{e.GetType().Name}: {e.Message} for {generated.Describe()}");
        }
    }

    /// <summary>Delivers the invalid cases of a batch at once and waits for each in the error queue as <c>InvalidOutcome</c>.</summary>
    private static async Task ThroughTheBusAsync(IReadOnlyList<GeneratedOutcome> invalid, InMemoryBlockresize blockresize, Figures figures)
    {
        var calls = blockresize.Hypervisor.Calls;
        var sent = invalid.ToDictionary(_ => Guid.NewGuid());
        await Task.WhenAll(sent.Select(s => blockresize.SendAsync(s.Value.Body, s.Value.ContentType, s.Key)));
        while (sent.Count > 0)
        {
            InMemoryBlockresize.ErrorQueueCopy copy;
            try
            {
                copy = await blockresize.NextErrorQueueCopyAsync(Wait);
            }
            catch (OperationCanceledException)
            {
                figures.WrongEnds += sent.Count;
                figures.Fail($"{sent.Count} of {invalid.Count} deliveries never reached the error queue, e.g. {sent.Values.First().Describe()}");
                break;
            }

            if (copy.MessageId is not { } id || !sent.Remove(id, out var generated))
            {
                figures.WrongEnds++;
                figures.Fail($"an unknown message in the error queue: {copy}");
                continue;
            }

            if (copy.Reason == BlockresizeReasons.InvalidOutcome && copy.ExceptionType == typeof(InvalidOutcomeException).FullName && LogSafe.Is(copy.FaultMessage))
            {
                figures.ErrorQueueCopies++;
                continue;
            }

            figures.WrongEnds++;
            figures.Fail($"in the error queue with brick-reason {copy.Reason} after {copy.ExceptionType}: {copy.FaultMessage} for {generated.Describe()}");
        }

        figures.HypervisorCalls += blockresize.Hypervisor.Calls - calls;
        foreach (var published in blockresize.TakePublished())
        {
            figures.Published++;
            figures.Fail($"published for an invalid outcome: {published}");
        }
    }

    /// <summary>A valid outcome after the batch: blockresize asks the hypervisor for its guests.</summary>
    private static async Task ServedAsync(InMemoryBlockresize blockresize, Brick.Service.Tests.Hostile.Generated.JObject canary, Figures figures)
    {
        blockresize.Hypervisor.Drain();
        await blockresize.SendAsync(canary.ToBytes(), "application/json", Guid.NewGuid());
        figures.Canaries++;
        if (!await blockresize.Hypervisor.AskedAsync(Wait))
        {
            figures.CanariesNotServed++;
            figures.Fail("the valid outcome after a batch was not served");
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>What a run saw; every count from <see cref="Disagreements"/> on must be zero.</summary>
    private sealed class Figures
    {
        public int Cases;
        public int Valid;
        public int Invalid;
        public int ErrorQueueCopies;
        public int Canaries;
        public int Disagreements;
        public int Crashes;
        public int UnsafeReasons;
        public int WrongEnds;
        public int HypervisorCalls;
        public int Published;
        public int CanariesNotServed;
        public int UnsafeLogLines;
        public double Seconds;
        public double StartSeconds;
        public double ReadSeconds;
        public double BusSeconds;
        public double CanarySeconds;
        public readonly List<string> Failures = [];
        private readonly SortedDictionary<string, (int Cases, int Invalid)> _classes = new(StringComparer.Ordinal);

        public void Count(GeneratedOutcome generated)
        {
            Cases++;
            if (generated.IsValid)
                Valid++;
            else
                Invalid++;
            foreach (var name in generated.Classes.Distinct())
            {
                var (cases, invalid) = _classes.GetValueOrDefault(name);
                _classes[name] = (cases + 1, invalid + (generated.IsValid ? 0 : 1));
            }
        }

        public void Fail(string failure)
        {
            if (Failures.Count < 30)
                Failures.Add(failure);
        }

        public string Report(string replay, int logLines)
        {
            var text = new StringBuilder();
            void Row(string what, object value) => text.AppendLine(CultureInfo.InvariantCulture, $"  {what,-92} {value}");
            text.AppendLine("blockresize, generated hostile outcomes:");
            Row("seed (replay)", replay);
            Row("generated cases", Cases);
            Row("outcomes by reason: valid (served) / InvalidOutcome (the oracle's)", $"{Valid} / {Invalid}");
            Row("read as the consumer reads them: disagreeing with the oracle", Disagreements);
            Row("exceptions escaping the read (crashes)", Crashes);
            Row("reasons not log-safe", UnsafeReasons);
            Row("invalid ones through the in-memory bus: in the error queue as InvalidOutcome", ErrorQueueCopies);
            Row("... ending otherwise (wrong or no reason, an unexpected exception, never moved: lost)", WrongEnds);
            Row("hypervisor calls (listings, resizes) while they were consumed", HypervisorCalls);
            Row("guest outcomes published for them", Published);
            Row("valid outcomes served after each batch / not served", $"{Canaries} / {CanariesNotServed}");
            Row("log lines read / not log-safe", $"{logLines} / {UnsafeLogLines}");
            Row("seconds (start / generate and read / through the bus / valid ones after)",
                string.Join(" / ", new[] { Seconds, StartSeconds, ReadSeconds, BusSeconds, CanarySeconds }.Select(t => t.ToString("0.0", CultureInfo.InvariantCulture))));
            text.AppendLine("  cases by class (cases / of them InvalidOutcome):");
            foreach (var (name, (cases, invalid)) in _classes)
                Row("    " + name, $"{cases} / {invalid}");
            return text.ToString();
        }
    }
}
