using Brick.Contracts;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Messaging;

/// <summary>
/// Issue 18 finding 13: the broker closes the worker's connection (as a node failover or a network cut does) while it
/// works on a request, again and again. Each time the message is delivered again to the same, live worker; none of
/// these is a crash, so a healthy request is never failed as poison (MaxDeliveries), on a classic queue.
/// </summary>
public sealed class BrokerFlapTests(BrokerFixture broker)
{
    private const int Flaps = 4;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["QueueType"] = "Classic", ["MaxDeliveries"] = "2", ["OperationTimeout"] = "00:02:00", ["PathWaitTimeout"] = "00:01:00",
    };

    [Fact]
    public async Task Connection_losses_while_a_request_is_worked_on_do_not_fail_it_as_poison()
    {
        await using var user = await BrokerUser.CreateAsync(broker, "flapping");
        await using var scenario = await WorkerScenario.StartAsync(broker, "flap", settings: Settings, workerBroker: user.Uri);
        var volume = Requests.UniqueVolume();

        // The array has not grown the LUN yet: each delivery's operation rescans (losetup) and waits for the paths.
        await scenario.PublishAsync(scenario.Request(volume, 0, 2 * GiB));

        for (var flap = 0; flap < Flaps; flap++)
        {
            // Wait until the message is being worked on (a losetup since the last cut), then cut the worker's connection.
            var before = LosetupCalls(scenario);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (LosetupCalls(scenario) == before)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the request was not worked on within 60 s after cut {flap}");
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            await broker.RabbitmqctlAsync("close_all_user_connections", user.Name, "test: a broker flap");
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        }

        Assert.DoesNotContain(await scenario.Client.DrainAsync(TimeSpan.FromSeconds(2)), o => o.VolumeId == volume);
        scenario.Grow(0, 2 * GiB);
        var outcome = await scenario.Client.WaitForVolumeAsync(volume, TimeSpan.FromSeconds(90));
        Assert.True(outcome.Resized, $"after {Flaps} connection losses the request ended {outcome}");
        Assert.Equal(2 * GiB, scenario.SizeOf(0));
        Assert.Equal(0u, await ErrorCopies.CountAsync(broker, EntityNames.ErrorQueue(scenario.HostName)));
    }

    private static int LosetupCalls(WorkerScenario scenario) => scenario.Host.ProgramCalls.Count(c => c.Program == "losetup");
}
