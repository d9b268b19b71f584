using Brick.Contracts;
using Brick.Worker.IntegrationTests.Replay;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Messaging;

/// <summary>
/// Outcomes the broker refuses to take (the worker's user may not write to an outcome exchange): the request is not
/// reported as a failure of a volume that grew, its message is not run again and again, and nothing is lost.
/// </summary>
public sealed class UnpublishableOutcomeTests(BrokerFixture broker)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, string?> Settings = new() { ["RetryLimit"] = "2", ["MaxDeliveries"] = "3", ["PublishTimeout"] = "00:00:01" };

    [Fact]
    public async Task A_grown_volume_whose_outcome_is_refused_ends_in_the_error_queue_as_OutcomeNotPublished_once_and_is_replayed_when_allowed()
    {
        await using var user = await BrokerUser.CreateAsync(broker, "noresized", write: BrokerUser.AllBut(EntityNames.HostVolumeResizedExchange));
        await using var scenario = await WorkerScenario.StartAsync(broker, "unpub", settings: Settings, workerBroker: user.Uri);
        var errorQueue = EntityNames.ErrorQueue(scenario.HostName);
        scenario.Grow(0, 2 * GiB);
        var volume = Requests.UniqueVolume();

        await scenario.PublishAsync(scenario.Request(volume, 0, 2 * GiB));

        var copy = Assert.Single(await ErrorCopies.TakeAsync(broker, errorQueue, 1, Patience, leave: true));
        Assert.Equal("OutcomeNotPublished", copy.Header(EntityNames.ReasonHeader));
        Assert.Equal(nameof(HostVolumeResized), copy.Header("brick-outcome"));
        Assert.Equal("false", copy.Header("brick-outcome-published"));
        Assert.Contains(volume, copy.Body, StringComparison.Ordinal);
        Assert.Equal(2 * GiB, scenario.SizeOf(0)); // the volume grew on the host
        var tries = LosetupCalls(scenario);

        // No loop: nothing more arrives, no program runs again, the worker's queue holds nothing back.
        await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
        Assert.Equal(1u, await ErrorCopies.CountAsync(broker, errorQueue));
        Assert.Equal(tries, LosetupCalls(scenario));
        Assert.InRange(tries, 1, 3); // the first try and at most RetryLimit (2) more, on one delivery
        Assert.Equal(0u, await ErrorCopies.CountAsync(broker, EntityNames.WorkerQueue(scenario.HostName)));
        Assert.DoesNotContain(await scenario.Client.DrainAsync(TimeSpan.FromMilliseconds(500)), o => o.VolumeId == volume); // no CommandFailed

        // Nothing lost: once the user may write, the copy is replayed and its outcome goes.
        await user.AllowWriteAsync(".*");
        var (summary, _) = await ReplayRun.RunAsync(broker.Uri, ReplayRun.From(scenario.HostName));
        Assert.Equal(1, summary.Moved);
        var outcome = await scenario.Client.WaitForVolumeAsync(volume, Patience);
        Assert.True(outcome.Resized, outcome.ToString());
        Assert.Equal(2 * GiB, outcome.Long("newSizeBytes"));
    }

    [Fact]
    public async Task A_failure_whose_outcome_is_refused_goes_to_the_error_queue_once_with_its_reason_and_does_not_loop()
    {
        await using var user = await BrokerUser.CreateAsync(broker, "nofailed", write: BrokerUser.AllBut(EntityNames.HostVolumeResizeFailedExchange));
        await using var scenario = await WorkerScenario.StartAsync(broker, "unpubfail", settings: Settings, workerBroker: user.Uri);
        var errorQueue = EntityNames.ErrorQueue(scenario.HostName);
        var volume = Requests.UniqueVolume();
        var request = (Dictionary<string, object?>)scenario.Request(volume, 0, 2 * GiB);
        request["connection"] = new Dictionary<string, object?> { ["driverVolumeType"] = "rbd", ["data"] = new Dictionary<string, object?>() };

        await scenario.PublishAsync(request);

        var copy = Assert.Single(await ErrorCopies.TakeAsync(broker, errorQueue, 1, Patience));
        Assert.Equal(nameof(ResizeFailureReason.Unsupported), copy.Header(EntityNames.ReasonHeader));
        Assert.Equal("false", copy.Header("brick-outcome-published"));
        Assert.Empty(await ErrorCopies.TakeAsync(broker, errorQueue, 1, TimeSpan.FromSeconds(4)));
        Assert.Equal(0u, await ErrorCopies.CountAsync(broker, EntityNames.WorkerQueue(scenario.HostName)));
        Assert.Empty(scenario.Host.ProgramCalls);

        // The worker goes on: the next request, whose outcome may go, is answered.
        var next = Requests.UniqueVolume();
        scenario.Grow(0, 2 * GiB);
        await scenario.PublishAsync(scenario.Request(next, 0, 2 * GiB));
        Assert.True((await scenario.Client.WaitForVolumeAsync(next, Patience)).Resized);
    }

    private static int LosetupCalls(WorkerScenario scenario) => scenario.Host.ProgramCalls.Count(c => c.Program == "losetup");
}
