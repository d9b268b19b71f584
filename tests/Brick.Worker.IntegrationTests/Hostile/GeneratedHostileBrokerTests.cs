using System.Diagnostics;
using System.Globalization;
using System.Text;
using Brick.Contracts;
using Brick.Service.Messaging;
using Brick.Service.Tests.Hostile;
using Brick.Service.Tests.Hostile.Generated;
using Brick.Testing;
using RabbitMQ.Client;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Hostile;

/// <summary>
/// Issue 10, "Prove it" 3, through a real broker: a seeded sample of the generated invalid messages of
/// <c>GeneratedHostileMessageTests</c> (300 by default, <c>BRICK_FUZZ_BROKER_CASES</c>; the seed from
/// <c>BRICK_FUZZ_SEED</c>, printed) published to RabbitMQ with their content types as generated (none, unparsable, …)
/// to a worker on a simulated host. Each must end in <c>brick-worker.&lt;host&gt;_error</c> with the <c>brick-reason</c>
/// the contract's oracle names, refused by the consumer (no unexpected exception); nothing may be written to the host or
/// run on it; a valid request published after them is served.
/// </summary>
public sealed class GeneratedHostileBrokerTests(BrokerFixture broker)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Generated_invalid_messages_end_in_the_error_queue_with_their_reason_and_nothing_is_written_or_run()
    {
        var settings = FuzzSettings.FromEnvironment();
        var count = int.TryParse(Environment.GetEnvironmentVariable("BRICK_FUZZ_BROKER_CASES"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 300;
        Console.Error.WriteLine($"generated hostile messages through RabbitMQ: seed {settings.Seed}, {count} invalid ones");
        var clock = Stopwatch.StartNew();

        await using var scenario = await WorkerScenario.StartAsync(broker, "fuzz");
        var generator = new HostileGenerator(settings.Seed, scenario.HostName);
        var invalid = Enumerable.Range(0, int.MaxValue).Select(generator.Case).Where(c => !c.IsValid).Take(count).ToList();
        var tree = HostTreeSpy.Fingerprint(scenario.Host.Directory);
        var programs = scenario.Host.ProgramCalls.Count;

        var sent = new Dictionary<string, GeneratedCase>();
        foreach (var generated in invalid)
        {
            var id = Guid.NewGuid().ToString();
            sent[id] = generated;
            var properties = new BasicProperties { ContentType = generated.ContentType, MessageId = id, DeliveryMode = DeliveryModes.Persistent };
            await scenario.Client.Channel.BasicPublishAsync(EntityNames.VolumeExtendedExchange, scenario.HostName, mandatory: false, properties,
                generated.Body, TestContext.Current.CancellationToken);
        }

        var failures = new List<string>();
        var moved = await TakeErrorQueueAsync(EntityNames.ErrorQueue(scenario.HostName), sent.Count);
        var rightEnds = 0;
        foreach (var (id, reason, exception) in moved)
        {
            if (id is null || !sent.Remove(id, out var generated))
            {
                failures.Add($"an unknown message in the error queue ({id}, {reason})");
                continue;
            }

            if (Enum.TryParse<ResizeFailureReason>(reason, out var named) && generated.Expected.Contains(named) && exception == typeof(RequestFailedException).FullName)
                rightEnds++;
            else
                failures.Add($"brick-reason {reason} after {exception} for {generated.Describe()}");
        }

        failures.AddRange(sent.Values.Take(10).Select(c => $"never in the error queue: {c.Describe()}"));
        var writes = HostTreeSpy.Writes(tree, HostTreeSpy.Fingerprint(scenario.Host.Directory));
        var commands = scenario.Host.ProgramCalls.Count - programs;

        scenario.Grow(0, 2 * GiB);
        var good = Requests.UniqueVolume();
        await scenario.PublishAsync(scenario.Request(good, 0, 2 * GiB));
        var served = await scenario.Client.WaitForVolumeAsync(good, Patience);
        var published = await scenario.Client.DrainAsync(TimeSpan.FromSeconds(1));
        var unsafeOutcomes = published.Where(o => !o.Resized && !LogSafe.Is(o.Message.TryGetProperty("detail", out var detail) ? detail.GetString() : null)).ToList();

        var report = ReliabilityFigures.Record(nameof(GeneratedHostileBrokerTests),
        [
            ("seed (replay)", $"BRICK_FUZZ_SEED={settings.Seed} BRICK_FUZZ_BROKER_CASES={count}"),
            ("generated invalid messages published to RabbitMQ", invalid.Count.ToString("N0", CultureInfo.InvariantCulture)),
            ("in brick-worker.<host>_error with the oracle's brick-reason, refused by the consumer", rightEnds.ToString("N0", CultureInfo.InvariantCulture)),
            ("ending otherwise or never moved", (invalid.Count - rightEnds).ToString("N0", CultureInfo.InvariantCulture)),
            ("failures published / with a detail not log-safe", $"{published.Count(o => !o.Resized)} / {unsafeOutcomes.Count}"),
            ("writes to the host's tree / commands run", $"{writes.Count} / {commands}"),
            ("valid request after them served", served.Resized ? "yes" : $"no: {served}"),
            ("seconds", clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)),
        ]);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Console.Error.WriteLine(report);

        Assert.True(failures.Count == 0, $"seed {settings.Seed}:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(20))}");
        Assert.Equal(invalid.Count, rightEnds);
        Assert.Empty(writes);
        Assert.Equal(0, commands);
        Assert.Empty(unsafeOutcomes);
        Assert.True(served.Resized, served.ToString());
    }

    /// <summary>The error queue's messages (their message id, <c>brick-reason</c> and fault type), until <paramref name="expected"/> are taken.</summary>
    private async Task<List<(string? Id, string? Reason, string? Exception)>> TakeErrorQueueAsync(string queue, int expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var taken = new List<(string?, string?, string?)>();
        var deadline = DateTime.UtcNow + Patience;
        do
        {
            await using var connection = await broker.ConnectAsync();
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            try
            {
                while (await channel.BasicGetAsync(queue, autoAck: true, ct) is { } message)
                    taken.Add((message.BasicProperties.MessageId, Header(message.BasicProperties, EntityNames.ReasonHeader), Header(message.BasicProperties, "MT-Fault-ExceptionType")));
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode is 404 or 541)
            {
                // Not declared yet, or its quorum member not running yet.
            }

            if (taken.Count >= expected)
                break;
            await Task.Delay(500, ct);
        }
        while (DateTime.UtcNow < deadline);

        return taken;
    }

    private static string? Header(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers?.TryGetValue(name, out var value) == true
            ? value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString()
            : null;
}
