using Brick.Engine.Telemetry;
using Brick.Service.Settings;
using Brick.Tools.Replay;

namespace Brick.Worker.IntegrationTests.Replay;

/// <summary>Runs a <see cref="Replayer"/> against the test broker and keeps what it reported.</summary>
internal static class ReplayRun
{
    public static BrokerAddress Address(Uri broker) => BrokerAddress.TryParse(broker.ToString(), [], out _)!;

    public static async Task<(ReplaySummary Summary, IReadOnlyList<ReplayedMessage> Messages)> RunAsync(
        Uri broker, ReplayPlan plan, BrickMetrics? metrics = null, IReplayCheckpoints? checkpoints = null)
    {
        var reported = new List<ReplayedMessage>();
        var summary = await new Replayer(Address(broker), TimeProvider.System, metrics, checkpoints)
            .ReplayAsync(plan, new ReplayTally(), m =>
            {
                reported.Add(m);
                return Task.CompletedTask;
            }, TestContext.Current.CancellationToken);
        return (summary, reported);
    }

    public static ReplayPlan From(string host, ReplayFilter? filter = null, int? max = null, bool dryRun = false) =>
        new(ReplaySource.ErrorQueueOf(host), filter ?? ReplayFilter.All, max, dryRun);
}
