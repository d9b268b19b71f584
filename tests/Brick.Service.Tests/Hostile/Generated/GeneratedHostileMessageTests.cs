using System.Diagnostics;
using Brick.Contracts;
using Brick.Engine.Requests;
using Brick.Service.Inbound;
using Brick.Service.Messaging;
using Brick.Service.Tests.Messaging;
using Brick.Simulation.Devices;
using Brick.Testing;

namespace Brick.Service.Tests.Hostile.Generated;

/// <summary>
/// Issue 10, "Prove it" 3: at least 10,000 generated hostile messages a run (<see cref="HostileGenerator"/>, CsCheck),
/// each judged by the contract's oracle (<see cref="ContractOracle"/>), never by the worker's own code. Every one is
/// read and validated as the consumer does, and every invalid one is then delivered to the worker's real endpoint on
/// MassTransit's in-memory transport (consumer, error pipe, failure publisher) on a simulated host whose tree, programs
/// and engine are watched. After each batch a valid request must still be served. The figures go to the test output
/// and <see cref="ReliabilityFigures"/>; <c>BRICK_FUZZ_SEED</c>/<c>BRICK_FUZZ_CASES</c> replay or enlarge a run.
/// </summary>
/// <remarks>
/// It runs alone, after the others: its worker resizes a volume after every batch for most of a minute, and a test that
/// reads the process's <c>Brick.Worker</c> meter through an exporter (HttpEndpointTests) would count those too.
/// </remarks>
[Collection(ProcessWideState.Name)]
public sealed class GeneratedHostileMessageTests
{
    private const int Batch = 250;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Generated_messages_end_as_the_contract_says_and_nothing_is_run_or_written_for_an_invalid_one()
    {
        var settings = FuzzSettings.FromEnvironment();
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"generated hostile messages: seed {settings.Seed}; replay with {settings.Replay}");
        Console.Error.WriteLine($"generated hostile messages: seed {settings.Seed}; replay with {settings.Replay}");

        var clock = Stopwatch.StartNew();
        var figures = new FuzzFigures();
        var generator = new HostileGenerator(settings.Seed);
        var validator = new RequestValidator(InMemoryWorker.ComputeHost);
        using var logs = new LogLineWatch();
        await using (var worker = await InMemoryWorker.StartAsync(logs: logs, watchErrorQueue: true))
        {
            var canary = worker.Array.Volumes[0];
            var canarySize = worker.Array.Host.SizeOf(canary.GuestDevice);
            foreach (var batch in settings.Indices.Chunk(Batch))
            {
                var cases = batch.Select(generator.Case).ToList();
                foreach (var generated in cases)
                    ReadAndValidate(generated, validator, figures);

                await ThroughTheBusAsync([.. cases.Where(c => !c.IsValid)], worker, figures);

                canarySize += 1 << 20;
                await ServedAsync(worker, canary, canarySize, figures);
                figures.PeakMemoryMiB = Math.Max(figures.PeakMemoryMiB, Environment.WorkingSet >> 20);
            }
        }

        figures.Duration = clock.Elapsed;
        figures.LogLines = logs.Lines;
        figures.UnsafeLogLines = logs.UnsafeCount;
        foreach (var line in logs.Unsafe)
            figures.Fail($"log line not log-safe: {line}");

        var report = ReliabilityFigures.Record(nameof(GeneratedHostileMessageTests), figures.Rows(settings));
        output?.WriteLine(report);
        Console.Error.WriteLine(report);
        foreach (var failure in figures.Failures)
            output?.WriteLine(failure);

        Assert.True(figures.Cases >= settings.Indices.Count(), "not every case was generated");
        Assert.True(
            figures is { Disagreements: 0, Crashes: 0, UnsafeDetails: 0, WrongEnds: 0, Writes: 0, Commands: 0, EngineRuns: 0, CanariesNotServed: 0, UnsafeLogLines: 0 },
            $"seed {settings.Seed}: " + string.Join(Environment.NewLine, figures.Failures));
    }

    /// <summary>The consumer's read and validation (one <see cref="InboundReader"/> read, then the validator), against the oracle.</summary>
    private static void ReadAndValidate(GeneratedCase generated, RequestValidator validator, FuzzFigures figures)
    {
        figures.Cases++;
        if (generated.IsValid)
            figures.Valid++;
        else
            figures.Invalid++;
        try
        {
            var validation = InboundReader.Read(generated.Body, generated.ContentType, ContractOracle.MaxBytes).Validate(validator);
            var agrees = generated.IsValid ? validation.IsValid : validation.Reason is { } reason && generated.Expected.Contains(reason);
            if (!agrees)
            {
                figures.Disagreements++;
                figures.Fail($"{validation.Reason?.ToString() ?? "valid"} ({validation.Detail}) for {generated.Describe()}");
            }

            if (!LogSafe.Is(validation.Detail))
            {
                figures.UnsafeDetails++;
                figures.Fail($"detail not log-safe: {validation.Detail} for {generated.Describe()}");
            }
        }
        catch (Exception e)
        {
            figures.Crashes++;
            figures.Fail($"{e.GetType().Name}: {e.Message} for {generated.Describe()}");
        }
    }

    /// <summary>
    /// Delivers the invalid cases of a batch at once and waits for each in the error queue, with its reason named by
    /// the oracle and the consumer's own refusal as the fault (not an exception it did not expect); the host's tree,
    /// its programs and the engine are compared before and after.
    /// </summary>
    private static async Task ThroughTheBusAsync(IReadOnlyList<GeneratedCase> invalid, InMemoryWorker worker, FuzzFigures figures)
    {
        var host = worker.Array.Host;
        await DeliveriesEndedAsync(host.Directory);
        var tree = HostTreeSpy.Fingerprint(host.Directory);
        var (programs, engine) = (host.ProgramCalls.Count, worker.Engine.Requests.Count);

        var sent = invalid.ToDictionary(_ => Guid.NewGuid());
        await Task.WhenAll(sent.Select(s => worker.SendDeliveredAsync(s.Value.Body, s.Value.ContentType, s.Key)));
        while (sent.Count > 0)
        {
            InMemoryWorker.ErrorQueueCopy copy;
            try
            {
                copy = await worker.NextErrorQueueCopyAsync(Wait);
            }
            catch (OperationCanceledException)
            {
                figures.WrongEnds += sent.Count;
                figures.Fail($"{sent.Count} of {invalid.Count} messages never reached the error queue, e.g. {sent.Values.First().Describe()}");
                break;
            }

            if (copy.MessageId is not { } id || !sent.Remove(id, out var generated))
            {
                figures.WrongEnds++;
                figures.Fail($"an unknown message in the error queue: {copy}");
                continue;
            }

            var reasonOk = Enum.TryParse<ResizeFailureReason>(copy.Reason, out var reason) && generated.Expected.Contains(reason);
            if (reasonOk && copy.ExceptionType == typeof(RequestFailedException).FullName && LogSafe.Is(copy.FaultMessage))
            {
                figures.ErrorQueueCopies++;
                figures.ByReason[copy.Reason!] = figures.ByReason.GetValueOrDefault(copy.Reason!) + 1;
                continue;
            }

            figures.WrongEnds++;
            figures.Fail($"in the error queue with brick-reason {copy.Reason} after {copy.ExceptionType}: {copy.FaultMessage} for {generated.Describe()}");
        }

        foreach (var outcome in worker.TakeOutcomes())
            Published(outcome, figures);

        await DeliveriesEndedAsync(host.Directory);
        var writes = HostTreeSpy.Writes(tree, HostTreeSpy.Fingerprint(host.Directory));
        figures.Writes += writes.Count;
        figures.Commands += host.ProgramCalls.Count - programs;
        figures.EngineRuns += worker.Engine.Requests.Count - engine;
        foreach (var write in writes.Take(5))
            figures.Fail($"written during a batch of invalid messages: {write}");
    }

    /// <summary>
    /// Waits (up to 10 s) until no delivery record is left on the host (<c>LockDirectory/deliveries</c>: every delivery
    /// has one while it is worked on, the poison count's): a message is in the error queue, or its outcome out, just
    /// before its record goes (with its acknowledgement), so the last of a batch, or the valid request before it, may
    /// still have one when the test sees it end. Left over after 10 s, a record is what it is: the comparison reports it.
    /// </summary>
    private static async Task DeliveriesEndedAsync(string hostDirectory)
    {
        var records = Path.Combine(hostDirectory, "run", "brick-worker", "deliveries");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Directory.Exists(records) && Directory.EnumerateFileSystemEntries(records).Any() && DateTime.UtcNow < deadline)
            await Task.Delay(20, TestContext.Current.CancellationToken);
    }

    /// <summary>A valid request after the batch: answered with <c>HostVolumeResized</c> at its size.</summary>
    private static async Task ServedAsync(InMemoryWorker worker, Brick.Simulation.Devices.SimulatedVolume volume, long size, FuzzFigures figures)
    {
        var correlation = Guid.NewGuid();
        await worker.SendAsync(volume.Request(InMemoryWorker.ComputeHost, size), correlation);
        figures.Canaries++;
        try
        {
            while (true)
            {
                var outcome = await worker.NextOutcomeAsync();
                if (outcome is HostVolumeResized resized && resized.CorrelationId == correlation.ToString())
                {
                    if (resized.NewSizeBytes != size)
                        throw new InvalidOperationException($"served at {resized.NewSizeBytes}, not {size}");
                    return;
                }

                if (outcome is HostVolumeResizeFailed failed && failed.CorrelationId == correlation.ToString())
                    throw new InvalidOperationException($"{failed.Reason}: {failed.Detail}");
                Published(outcome, figures);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            figures.CanariesNotServed++;
            figures.Fail($"the valid request after a batch was not served: {e.Message}");
        }
    }

    /// <summary>A failure published for an invalid message: it names this host and says why in a log-safe detail.</summary>
    private static void Published(object outcome, FuzzFigures figures)
    {
        if (outcome is not HostVolumeResizeFailed failed)
        {
            figures.WrongEnds++;
            figures.Fail($"an outcome for an invalid message: {outcome}");
            return;
        }

        if (!LogSafe.Is(failed.Detail) || failed.Host != InMemoryWorker.ComputeHost || !LogSafe.Is(failed.CorrelationId) || !LogSafe.Is(failed.VolumeId))
        {
            figures.UnsafeDetails++;
            figures.Fail($"a failure published with an unsafe field: {failed}");
        }
    }
}
