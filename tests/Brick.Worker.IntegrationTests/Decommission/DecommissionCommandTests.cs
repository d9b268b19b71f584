using System.Text.Json;
using Brick.Contracts;
using Brick.Worker.Cli;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Decommission;

/// <summary>
/// <c>brick-worker decommission</c> on a real broker (issue 19: a decommissioned host's queues do not live for ever):
/// the host's entities go, each message they held is in the file first, a request for the host then waits in
/// <c>brick.unrouted</c>, and a host whose worker still consumes is left untouched.
/// </summary>
public sealed class DecommissionCommandTests(BrokerFixture broker)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await BrickWorkerCli.RunAsync(["decommission", .. args], new StringReader(""), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task A_host_that_left_has_its_queues_and_exchanges_removed_and_every_message_saved_first()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker, "gone", settings: new Dictionary<string, string?> { ["RetryLimit"] = "0" });
        var host = scenario.HostName;
        var misrouted = Requests.UniqueVolume();
        await scenario.Client.PublishAsync(host, Requests.Local(misrouted, Requests.UniqueHost("other"), 0, 2 * GiB)); // to the error queue
        await ErrorCopies.TakeAsync(broker, EntityNames.ErrorQueue(host), 1, Patience, leave: true);
        await scenario.Worker.StopAsync();
        var waiting = new[] { Requests.UniqueVolume(), Requests.UniqueVolume() };
        foreach (var volume in waiting)
            await scenario.PublishAsync(scenario.Request(volume, 0, 2 * GiB)); // wait in the work queue: nobody consumes
        var file = Path.Combine(Path.GetTempPath(), $"decommission-{host}.jsonl");
        File.Delete(file);
        try
        {
            var (dryExit, dry, _) = await RunAsync("--host", host, "--broker", broker.Uri.AbsoluteUri, "--dry-run");
            Assert.Equal(0, dryExit);
            Assert.Contains($"{EntityNames.WorkerQueue(host)}: 2 message(s), 0 consumer(s)", dry, StringComparison.Ordinal);
            Assert.Contains($"{EntityNames.ErrorQueue(host)}: 1 message(s), 0 consumer(s)", dry, StringComparison.Ordinal);
            Assert.Contains(EntityNames.WorkerQueue(host), await broker.RabbitmqctlAsync("list_queues", "-q", "name"), StringComparison.Ordinal);

            var (exit, stdout, stderr) = await RunAsync("--host", host, "--broker", broker.Uri.AbsoluteUri, "--save", file);

            Assert.True(exit == 0, stderr);
            Assert.Contains($"3 message(s) saved to {file}", stdout, StringComparison.Ordinal);
            var saved = (await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(3, saved.Count);
            Assert.Equal(waiting.Order(), saved.Where(m => m.GetProperty("queue").GetString() == EntityNames.WorkerQueue(host))
                .Select(m => JsonDocument.Parse(m.GetProperty("body").GetString()!).RootElement.GetProperty("volumeId").GetString()).Order());
            var error = Assert.Single(saved, m => m.GetProperty("queue").GetString() == EntityNames.ErrorQueue(host));
            Assert.Equal(nameof(ResizeFailureReason.Misrouted), error.GetProperty("headers").GetProperty(EntityNames.ReasonHeader).GetString());
            Assert.Contains(misrouted, error.GetProperty("body").GetString(), StringComparison.Ordinal);
            var queues = await broker.RabbitmqctlAsync("list_queues", "-q", "name");
            var exchanges = await broker.RabbitmqctlAsync("list_exchanges", "-q", "name");
            foreach (var own in new[] { EntityNames.WorkerQueue(host), EntityNames.BlockresizeQueue(host) })
            {
                Assert.DoesNotContain(own, queues, StringComparison.Ordinal); // nor its _error
                Assert.DoesNotContain(own, exchanges, StringComparison.Ordinal);
            }

            // A request for the host now goes where requests for hosts without a queue go.
            var late = Requests.UniqueVolume();
            await scenario.PublishAsync(scenario.Request(late, 0, 2 * GiB));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (!(await ErrorCopies.TakeAsync(broker, EntityNames.Unrouted, int.MaxValue, TimeSpan.Zero, leave: true))
                       .Any(m => m.Body.Contains(late, StringComparison.Ordinal)))
            {
                Assert.True(DateTime.UtcNow < deadline, $"{late} is not in {EntityNames.Unrouted}");
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_host_whose_worker_still_consumes_is_left_as_it_is()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker, "alive");
        await scenario.Worker.WaitUntilConsumingAsync(Patience);
        var file = Path.Combine(Path.GetTempPath(), $"decommission-{scenario.HostName}.jsonl");

        var (exit, stdout, stderr) = await RunAsync("--host", scenario.HostName, "--broker", broker.Uri.AbsoluteUri, "--save", file);

        Assert.Equal(1, exit);
        Assert.Equal($"{EntityNames.WorkerQueue(scenario.HostName)} has 1 consumer(s): stop brick-worker run and blockresize of {scenario.HostName} first. Nothing was removed.",
            stderr.Trim());
        Assert.Empty(stdout);
        Assert.False(File.Exists(file));
        Assert.Contains(EntityNames.WorkerQueue(scenario.HostName), await broker.RabbitmqctlAsync("list_queues", "-q", "name"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_host_or_save_it_removes_nothing_and_says_what_is_missing()
    {
        var (noHost, _, noHostError) = await RunAsync("--save", "/tmp/x.jsonl");
        var (noSave, _, noSaveError) = await RunAsync("--host", "compute-07");

        Assert.Equal((2, 2), (noHost, noSave));
        Assert.Equal("--host is needed: the host whose queues and exchanges are removed.", noHostError.Trim());
        Assert.Equal("--save FILE is needed (or --dry-run): the host's messages are written there before they are removed.", noSaveError.Trim());
    }
}
