using Brick.Contracts;
using Brick.Simulation.Hosts;
using Brick.Testing;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Messaging;

/// <summary>
/// A true poison message: the worker process dies (SIGKILL) while it works on it, every time, and is started again, as
/// systemd's <c>Restart=</c> does. After <c>MaxDeliveries</c> deliveries the message is not run again: it ends in the
/// error queue with its reason and a published failure, on a quorum queue (whose own delivery limit is larger) and on
/// a classic queue (which counts nothing), never dropped silently. A compatibility test (docs/worker-service.md): the
/// quorum row runs on RabbitMQ 3.10 too, whose quorum queues count no deliveries of their own.
/// </summary>
public sealed class PoisonMessageTests(BrokerFixture shared)
{
    private const int MaxDeliveries = 2;

    [Theory]
    [InlineData("Quorum", CompatBrokers.Current)]
    [InlineData("Classic", CompatBrokers.Current)]
    [InlineData("Quorum", CompatBrokers.RabbitMq3)]
    public async Task A_message_that_kills_the_worker_every_time_ends_in_the_error_queue_after_MaxDeliveries_deliveries(string queueType, string which)
    {
        await using var compat = await CompatBrokers.StartAsync(which, shared);
        var broker = compat.Broker;
        var hostName = Requests.UniqueHost("poison");
        await using var host = SimulatedHost.Create();
        host.AddLoopVolume(GiB).Lun.Grow(2 * GiB);
        host.ProgramLatency = Timeout.InfiniteTimeSpan; // losetup never answers: the worker is killed while it waits
        var directory = Directory.CreateTempSubdirectory("brick-poison.").FullName;
        var settings = ProcessWorker.Settings(host, hostName, broker.Uri, directory);
        settings["QueueType"] = queueType;
        settings["MaxDeliveries"] = MaxDeliveries.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["OperationTimeout"] = "00:05:00";
        // Killed long before: one delivery is never held near the 41 min these settings allow in the worst case.
        settings["BrokerConsumerTimeout"] = "01:00:00";
        await using var client = await ContractClient.CreateAsync(broker, hostName);
        var workers = new List<WorkerProcess>();
        try
        {
            var volume = Requests.UniqueVolume();
            var kills = 0;
            Outcome? outcome = null;
            while (outcome is null)
            {
                Assert.True(kills <= MaxDeliveries, $"the message was delivered {kills + 1} times, past MaxDeliveries ({MaxDeliveries}): {Logs(workers)}");
                var worker = ProcessWorker.Start(settings, directory, Path.Combine(directory, $"worker-{workers.Count + 1}.log"));
                workers.Add(worker);
                if (workers.Count == 1)
                {
                    await ProcessWorker.WaitUntilConsumedAsync(broker, EntityNames.WorkerQueue(hostName), worker);
                    await client.PublishAsync(hostName, Requests.Local(volume, hostName, 0, 2 * GiB));
                }

                // Either the worker runs losetup for this delivery (then it dies), or it refuses the message. The wait
                // includes a fresh worker's start, which took 8-25 s at load 30-50 here (60 s was missed once at load 40).
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
                while (outcome is null && Losetups(host) == kills)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"neither losetup nor an outcome within 120 s: {worker.Tail()}");
                    Assert.False(worker.HasExited, $"the worker exited by itself: {worker.Tail()}");
                    outcome = (await client.DrainAsync(TimeSpan.FromMilliseconds(200))).FirstOrDefault(o => o.VolumeId == volume);
                }

                if (outcome is null)
                {
                    await worker.KillAsync();
                    kills++;
                }
            }

            Assert.Equal(MaxDeliveries, kills);
            Assert.False(outcome.Resized, outcome.ToString());
            Assert.Equal(nameof(ResizeFailureReason.CommandFailed), outcome.Reason);
            Assert.False(outcome.Flag("retriable"));
            Assert.Contains($"after {MaxDeliveries} deliveries", outcome.Text("detail"), StringComparison.Ordinal);
            var copy = Assert.Single(await ErrorCopies.TakeAsync(broker, EntityNames.ErrorQueue(hostName), 1, TimeSpan.FromSeconds(30)));
            Assert.Equal(nameof(ResizeFailureReason.CommandFailed), copy.Header(EntityNames.ReasonHeader));
            Assert.Contains(volume, copy.Body, StringComparison.Ordinal);
            Assert.Equal(MaxDeliveries, Losetups(host)); // the last delivery ran nothing
            Assert.Equal(0u, await ErrorCopies.CountAsync(broker, EntityNames.WorkerQueue(hostName)));
        }
        finally
        {
            foreach (var worker in workers)
                await worker.DisposeAsync();
            await ProcessWorker.RemoveAsync(broker, hostName);
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Host operations run: each starts by asking the kernel for the loop device's backing file (<c>losetup --list</c>).</summary>
    private static int Losetups(SimulatedHost host) => host.ProgramCalls.Count(c => c is { Program: "losetup", Arguments: ["--list", ..] });

    private static string Logs(IEnumerable<WorkerProcess> workers) => string.Join("\n---\n", workers.Select(w => w.Tail(15)));
}
