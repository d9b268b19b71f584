using Brick.Contracts;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Messaging;

/// <summary>
/// Issue 18 finding 3: the broker refuses the move of a failed message to <c>brick-worker.&lt;host&gt;_error</c> (the
/// worker's user may not write to that exchange). The message comes back; its delivery count must not have been
/// forgotten, so that its host operation is not run again and again without end; and its failure, published once, is
/// not published again by each redelivery (as 21 copies were while a classic error queue's node was down).
/// </summary>
public sealed class RefusedErrorQueueTests(BrokerFixture broker)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["QueueType"] = "Classic", ["RetryLimit"] = "0", ["MaxDeliveries"] = "3", ["PathWaitTimeout"] = "00:00:00.300",
    };

    [Fact]
    public async Task A_failed_message_whose_move_to_the_error_queue_is_refused_is_run_once_and_its_failure_published_once()
    {
        // Write anywhere but an error exchange: the permissions docs/security.md suggested before the fix.
        await using var user = await BrokerUser.CreateAsync(broker, "noerrorq", write: "^(?!.*_error$).*");
        await using var scenario = await WorkerScenario.StartAsync(broker, "refusederr", settings: Settings, workerBroker: user.Uri);
        var volume = Requests.UniqueVolume();

        // The array has not grown the LUN: each operation runs losetup, then ends in RescanTimeout (to the error queue).
        await scenario.PublishAsync(scenario.Request(volume, 0, 2 * GiB));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        int runs;
        while (true)
        {
            runs = LosetupCalls(scenario);
            await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
            if (runs > 0 && LosetupCalls(scenario) == runs)
                break; // no operation for 3 s: the worker stopped running it
            Assert.True(DateTime.UtcNow < deadline, $"the host operation ran {LosetupCalls(scenario)} times and goes on");
        }

        // The first delivery runs it and publishes its failure; every redelivery only tries the move again.
        Assert.Equal(1, runs);
        var failures = (await scenario.Client.DrainAsync(TimeSpan.FromSeconds(3))).Where(o => o.VolumeId == volume).ToList();
        Assert.Single(failures, o => !o.Resized);
        Assert.Equal("RescanTimeout", failures[0].Reason);
    }

    /// <summary>Host operations run: each starts by asking the kernel for the loop device's backing file (<c>losetup --list</c>), then sets its capacity.</summary>
    private static int LosetupCalls(WorkerScenario scenario) => scenario.Host.ProgramCalls.Count(c => c is { Program: "losetup", Arguments: ["--list", ..] });
}
