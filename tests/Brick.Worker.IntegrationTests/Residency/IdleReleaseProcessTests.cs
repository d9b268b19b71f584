using System.Globalization;
using System.Text.RegularExpressions;
using Brick.Contracts;
using Brick.Testing;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Residency;

/// <summary>
/// A consuming <c>run</c>, its own process, gives memory back once idle (<c>Brick:IdleRelease</c>): after start-up,
/// and again after a message, each time with less resident than before; a message after a release is served as any.
/// </summary>
public sealed partial class IdleReleaseProcessTests(BrokerFixture broker)
{
    [Fact]
    public async Task An_idle_worker_releases_memory_after_start_and_again_after_a_message_it_serves()
    {
        broker.Require();
        var host = Requests.UniqueHost("idle");
        var environment = new Dictionary<string, string> { ["Brick__IdleReleaseAfter"] = "00:00:02" };
        await using var worker = WorkerProcess.Start(["run", "--simulate", "--host", host, "--broker", broker.Uri.ToString()], new WorkerStart { Environment = environment });
        try
        {
            await worker.WaitForLineAsync("Consuming VolumeExtended from", TimeSpan.FromSeconds(60));
            var first = Released(await worker.WaitForLineAsync(ReleasedLine().ToString(), TimeSpan.FromSeconds(60)));
            Assert.True(first.After < first.Before - 5, $"resident {first.Before} → {first.After} MiB");

            await using var client = await ContractClient.CreateAsync(broker, host);
            await client.PublishAsync(host, SimulatedHostProcessTests.Iscsi("vol-idle-1", host, 6 * GiB));
            var outcome = await client.WaitForVolumeAsync("vol-idle-1", TimeSpan.FromSeconds(60));
            Assert.True(outcome.Resized, outcome.ToString());

            // The release after the message: the next line once its outcome is in (none comes while nothing happens).
            var releases = worker.Lines.Count(l => ReleasedLine().IsMatch(l));
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (worker.Lines.Count(l => ReleasedLine().IsMatch(l)) == releases)
            {
                Assert.True(DateTime.UtcNow < deadline, $"no release within 60 s of the outcome:{Environment.NewLine}{worker.Tail()}");
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }

            var second = Released(worker.Lines.Where(l => ReleasedLine().IsMatch(l)).ElementAt(releases));
            Assert.True(second.After < second.Before, $"resident {second.Before} → {second.After} MiB");
        }
        finally
        {
            string[] names = [EntityNames.WorkerQueue(host), EntityNames.ErrorQueue(host)];
            await broker.RemoveAsync(names, names);
        }
    }

    private static (double Before, double After) Released(string line)
    {
        var match = ReleasedLine().Match(line);
        return (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"Idle: released memory, resident ([0-9.]+) → ([0-9.]+) MiB")]
    private static partial Regex ReleasedLine();
}
