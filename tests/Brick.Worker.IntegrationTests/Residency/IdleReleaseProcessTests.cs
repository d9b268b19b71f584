using System.Globalization;
using System.Text.RegularExpressions;
using Brick.Contracts;
using Brick.Testing;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Residency;

/// <summary>
/// A consuming <c>run</c>, its own process, gives memory back once idle (<c>Brick:IdleRelease</c>): after start-up,
/// and again after a message it serves. It runs from a copy of the build of its own: the kernel pages out only pages
/// no other process maps, and every test host and worker of the run maps the build folder's assemblies, so what is
/// measured is what the worker holds of its copy (<c>/proc/PID/smaps</c>).
/// </summary>
public sealed partial class IdleReleaseProcessTests(BrokerFixture broker)
{
    [Fact]
    public async Task An_idle_worker_releases_memory_after_start_and_again_after_a_message_it_serves()
    {
        broker.Require();
        var host = Requests.UniqueHost("idle");
        using var copy = new CopiedDirectory(AppContext.BaseDirectory);
        var environment = new Dictionary<string, string> { ["Brick__IdleReleaseAfter"] = "00:00:05" };
        await using var worker = WorkerProcess.Start(["run", "--simulate", "--host", host, "--broker", broker.Uri.ToString()],
            new WorkerStart { Environment = environment, Directory = copy.Path });
        try
        {
            await worker.WaitForLineAsync("Consuming VolumeExtended from", TimeSpan.FromSeconds(60));
            var started = ResidentKiB(worker.Id, copy.Path);
            await worker.WaitForLineAsync(ReleasedLine().ToString(), TimeSpan.FromSeconds(60));
            var released = ResidentKiB(worker.Id, copy.Path);
            Assert.True(released <= started / 2, $"the worker holds {released} KiB of its build after the release, {started} KiB before");

            await using var client = await ContractClient.CreateAsync(broker, host);
            await client.PublishAsync(host, SimulatedHostProcessTests.Iscsi("vol-idle-1", host, 6 * GiB));
            var outcome = await client.WaitForVolumeAsync("vol-idle-1", TimeSpan.FromSeconds(60));
            Assert.True(outcome.Resized, outcome.ToString());

            // The release after the message: the next line once its outcome is in (none comes while nothing happens).
            var served = ResidentKiB(worker.Id, copy.Path);
            var releases = worker.Lines.Count(l => ReleasedLine().IsMatch(l));
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (worker.Lines.Count(l => ReleasedLine().IsMatch(l)) == releases)
            {
                Assert.True(DateTime.UtcNow < deadline, $"no release within 60 s of the outcome:{Environment.NewLine}{worker.Tail()}");
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }

            var again = ResidentKiB(worker.Id, copy.Path);
            Assert.True(again < served, $"the worker holds {again} KiB of its build after the second release, {served} KiB after the message");
        }
        finally
        {
            string[] names = [EntityNames.WorkerQueue(host), EntityNames.ErrorQueue(host)];
            await broker.RemoveAsync(names, names);
        }
    }

    /// <summary>The resident KiB of process <paramref name="pid"/>'s mappings of files under <paramref name="directory"/>.</summary>
    private static long ResidentKiB(int pid, string directory) =>
        ResidentMappings.KiB(pid.ToString(CultureInfo.InvariantCulture), header => header.Contains($" {directory}/", StringComparison.Ordinal));

    [GeneratedRegex(@"Idle: released memory, resident ([0-9.]+) → ([0-9.]+) MiB")]
    private static partial Regex ReleasedLine();
}
