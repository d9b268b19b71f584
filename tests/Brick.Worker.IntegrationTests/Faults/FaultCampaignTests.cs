using Brick.Testing;

namespace Brick.Worker.IntegrationTests.Faults;

/// <summary>
/// Faults under load: a stream of events (2,000 over 200 volumes in CI, <see cref="CampaignSize"/>) through a worker
/// process while the worker is SIGKILLed. After each: every event answered, none by a failure,
/// every volume at its largest requested size, no two <c>losetup</c> calls on one volume at once; duplicates counted
/// and allowed. The figures go to the test's output and <c>artifacts/reliability-figures.md</c> (docs/reliability.md).
/// One class: the campaigns run one after another.
/// </summary>
public sealed class FaultCampaignTests
{
    [Fact]
    public async Task A_stream_through_three_worker_kills_loses_no_event()
    {
        await using var broker = await CampaignBroker.SingleAsync();
        var kill = new Fault("worker SIGKILL and restart", campaign => campaign.KillAndRestartWorkerAsync());

        var result = await FaultCampaign.RunAsync("kills", broker, [kill, kill, kill]);

        Holds(result, faults: 3);
        Assert.Equal(4, result.WorkerStarts);
    }

    private static void Holds(CampaignResult result, int faults)
    {
        var report = ReliabilityFigures.Record($"{nameof(FaultCampaignTests)}: {result.Name}", result.Figures());
        TestContext.Current.TestOutputHelper?.WriteLine(report);

        Assert.True(result.FaultsInjected.Count == faults, result.Explain());
        Assert.True(result.Lost.Count == 0, result.Explain());
        Assert.True(result.Failures.Count == 0, result.Explain());
        Assert.True(result.ShortSuccesses.Count == 0, result.Explain());
        Assert.True(result.WrongSizes.Count == 0, result.Explain());
        Assert.True(result.Overlaps.Count == 0, result.Explain());
        Assert.True(result.Strays == 0, result.Explain());
        Assert.True(result.Unrouted == 0 && result.ErrorQueue == 0, result.Explain());
    }
}
