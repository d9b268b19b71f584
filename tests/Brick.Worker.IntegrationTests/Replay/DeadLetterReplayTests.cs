using System.Text.Json;
using Brick.Contracts;
using Brick.Service.Messaging;
using Brick.Tools.Replay;
using Brick.Worker.Cli;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Replay;

/// <summary>
/// <c>brick-worker replay --source dead-letter</c> on a real broker: what the broker itself dead-lettered past the
/// delivery limit into the fleet's <c>brick.worker-dead-letter</c> (by the policy of deploy/rabbitmq/definitions.json,
/// in a virtual host of the test's own: <see cref="FleetDeadLetters"/>) goes back to the host each message names, with
/// the broker's death history dropped; <c>--host</c> picks one host's.
/// </summary>
public sealed class DeadLetterReplayTests(BrokerFixture broker)
{
    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await BrickWorkerCli.RunAsync(["replay", .. args], new StringReader(""), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static IReadOnlyList<JsonElement> Lines(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];

    private static string HostOf(QueuedMessage message) => JsonDocument.Parse(message.Body).RootElement.GetProperty("host").GetString()!;

    [Fact]
    public async Task I_can_replay_one_hosts_dead_letters_with_an_explicit_host_and_another_hosts_stay_with_their_death_history()
    {
        await using var fleet = await FleetDeadLetters.CreateAsync(broker, "dlreplay");
        var mine = Requests.UniqueHost("dl-mine");
        var other = Requests.UniqueHost("dl-other");
        var volume = Requests.UniqueVolume();
        await fleet.DeadLetterAsync(mine, Requests.Local(volume, mine, 0, 2 * GiB));
        await fleet.DeadLetterAsync(other, Requests.Local(Requests.UniqueVolume(), other, 0, 2 * GiB));

        var (exit, stdout, stderr) = await RunAsync(
            "--source", "dead-letter", "--host", mine, "--broker", fleet.Uri.AbsoluteUri, "--reason", "RescanTimeout", "--dry-run", "--output", "json");

        // A dead letter has no brick-reason (the worker never saw it fail): a --reason filter never takes it.
        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal(["skipped", "skipped"], Lines(stdout).SkipLast(1).Select(l => l.GetProperty("result").GetString()));
        Assert.Contains("reason none not among --reason", stdout, StringComparison.Ordinal);

        (exit, stdout, stderr) = await RunAsync("--source", "dead-letter", "--host", mine, "--broker", fleet.Uri.AbsoluteUri, "--output", "json");

        Assert.True(exit == 0, stdout + stderr);
        var lines = Lines(stdout);
        var results = lines.SkipLast(1).ToDictionary(l => l.GetProperty("host").GetString()!, l => l.GetProperty("result").GetString());
        Assert.Equal("moved", results[mine]);
        Assert.Equal("skipped", results[other]);
        Assert.Equal(JsonValueKind.Null, lines.First(l => l.GetProperty("host").GetString() == mine).GetProperty("reason").ValueKind);
        var summary = lines[^1].GetProperty("summary");
        Assert.Equal((1, 1, 0), (summary.GetProperty("moved").GetInt32(), summary.GetProperty("skipped").GetInt32(), summary.GetProperty("left").GetInt32()));

        var moved = Assert.Single(await fleet.Queues.TakeAllAsync(EntityNames.WorkerQueue(mine)));
        Assert.Contains(volume, moved.Body, StringComparison.Ordinal);
        Assert.Equal(["brick-replayed", "brick-replayed-from"], moved.Headers.Keys.Where(k => k != "x-dotnet-pub-seq-no").Order(StringComparer.Ordinal));
        Assert.Equal(EntityNames.WorkerDeadLetterQueue, moved.Header("brick-replayed-from"));

        var left = Assert.Single(await fleet.Queues.TakeAllAsync(EntityNames.WorkerDeadLetterQueue));
        Assert.Equal(other, HostOf(left));
        Assert.Equal("delivery_limit", left.Header(DeliveryLimit.FirstDeathReasonHeader));
        Assert.Equal(EntityNames.WorkerQueue(other), left.Header(DeliveryLimit.FirstDeathQueueHeader));
        Assert.True(left.Headers.ContainsKey("x-death"));
        Assert.Equal(0u, await fleet.Queues.CountAsync(EntityNames.WorkerQueue(other)));
    }

    [Fact]
    public async Task Without_an_explicit_host_every_hosts_dead_letters_go_back_each_to_its_own_host()
    {
        await using var fleet = await FleetDeadLetters.CreateAsync(broker, "dlall");
        var first = Requests.UniqueHost("dl-first");
        var second = Requests.UniqueHost("dl-second");
        await fleet.DeadLetterAsync(first, Requests.Local(Requests.UniqueVolume(), first, 0, 2 * GiB));
        await fleet.DeadLetterAsync(second, Requests.Local(Requests.UniqueVolume(), second, 0, 2 * GiB));

        var (summary, reported) = await ReplayRun.RunAsync(fleet.Uri, new ReplayPlan(ReplaySource.DeadLetter, ReplayFilter.All, null, false));

        Assert.Equal([ReplayResult.Moved, ReplayResult.Moved], reported.Select(r => r.Result));
        Assert.Equal((2L, 0L), (summary.Moved, summary.Left));
        Assert.Null(summary.NoSource);
        Assert.Equal(0u, await fleet.Queues.CountAsync(EntityNames.WorkerDeadLetterQueue));
        foreach (var host in new[] { first, second })
        {
            var moved = Assert.Single(await fleet.Queues.TakeAllAsync(EntityNames.WorkerQueue(host)));
            Assert.Equal(host, HostOf(moved));
            Assert.DoesNotContain(moved.Headers.Keys, k => k.StartsWith("x-death", StringComparison.Ordinal)
                || k.StartsWith("x-first-death-", StringComparison.Ordinal) || k.StartsWith("x-last-death-", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// A host's user may publish into its own queue a request that names another host, and have the broker dead-letter it
    /// (here by returning it past the limit): replay never sends it to the host it names, whose queue it never left.
    /// </summary>
    [Fact]
    public async Task A_dead_letter_from_one_hosts_queue_that_names_another_host_is_not_sent_to_that_host()
    {
        await using var fleet = await FleetDeadLetters.CreateAsync(broker, "dlforge");
        var sender = Requests.UniqueHost("dl-sender");
        var victim = Requests.UniqueHost("dl-victim");
        await fleet.Queues.DeclareWorkerQueueAsync(victim, quorum: true);
        await fleet.DeadLetterAsync(sender, Requests.Local(Requests.UniqueVolume(), victim, 0, 2 * GiB));

        var (summary, reported) = await ReplayRun.RunAsync(fleet.Uri, new ReplayPlan(ReplaySource.DeadLetter, ReplayFilter.All, null, false));

        var result = Assert.Single(reported);
        Assert.Equal(ReplayResult.OtherHost, result.Result);
        Assert.Contains(EntityNames.WorkerQueue(sender), result.Detail ?? "", StringComparison.Ordinal);
        Assert.Equal((0L, 1L), (summary.Moved, summary.Left));
        Assert.Equal(0u, await fleet.Queues.CountAsync(EntityNames.WorkerQueue(victim)));
        Assert.Equal(1u, await fleet.Queues.CountAsync(EntityNames.WorkerDeadLetterQueue));
    }

    [Fact]
    public async Task A_missing_fleet_dead_letter_queue_is_one_line_naming_the_definitions_and_exit_1()
    {
        await using var fleet = await FleetDeadLetters.CreateAsync(broker, "dlnone", imported: false);

        var (exit, stdout, stderr) = await RunAsync("--source", "brick.worker-dead-letter", "--broker", fleet.Uri.AbsoluteUri);

        Assert.Equal(1, exit);
        Assert.Equal(
            $"The queue brick.worker-dead-letter does not exist on amqp://{broker.Uri.Host}:{broker.Uri.Port}/{fleet.VirtualHost}: the fleet's dead-letter queue " +
            "comes with deploy/rabbitmq/definitions.json, which was not imported there (rabbitmqctl import_definitions). Nothing to replay.",
            stderr.Trim());
        Assert.Empty(stdout);
    }
}
