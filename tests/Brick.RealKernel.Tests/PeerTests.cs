namespace Brick.RealKernel.Tests;

/// <summary>
/// The peer suite (<c>peers</c> of <c>scenarios.json</c>): os-brick's <c>extend_volume</c>, called as Nova calls it, and
/// <c>brick-worker extend</c> on the same volume in the same boot, each after the array grew it. One test per peer
/// scenario: it fails when the scenario did not run, and when the worker is wrong where os-brick is right — never on a
/// time, never because os-brick is wrong. The table goes to <c>artifacts/peer-results.md</c>.
/// </summary>
public sealed class PeerTests(RealKernelSuite suite)
{
    public static IEnumerable<TheoryDataRow<string, string>> Peers() =>
        ScenarioCatalog.Current.PlannedPeers(SuiteSize.Current)
            .Select(p => new TheoryDataRow<string, string>(p.Run.Name, p.Peer.Id) { TestDisplayName = $"Peer: {p.Peer.Test} ({p.Run.Guest.Name})" });

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task The_worker_is_right_wherever_os_brick_is(string boot, string peer)
    {
        var spec = ScenarioCatalog.Current.Peer(peer);
        var guest = ScenarioCatalog.Current.Runs(SuiteSize.Current).First(r => r.Name == boot).Guest.Name;
        suite.Require();
        PeerRecord record;
        try
        {
            record = await suite.PeerRecordAsync(spec, boot);
        }
        catch (Exception e)
        {
            suite.Peers.Missing(guest, spec, e.Message.Split('\n')[0].Trim());
            throw;
        }

        var comparison = PeerJudge.Compare(spec, record);
        suite.Peers.Add(guest, comparison);
        foreach (var v in new[] { comparison.OsBrick, comparison.Worker })
        {
            if (v is not null)
                TestContext.Current.SendDiagnosticMessage($"{spec.Id} ({guest}) {v.System}: {(v.Right ? "right" : "wrong")} ({v.Why}); answered {v.Answer}; {v.Layers}; {v.Milliseconds} ms; processes {v.Trace.ProgramSummary()}; sysfs writes {v.Trace.WriteSummary()}");
        }

        Assert.False(
            comparison.WorkerWrongWhereOsBrickRight,
            $"{spec.Id} ({guest}): os-brick was right ({comparison.OsBrick?.Answer}) and brick-worker was not: {comparison.Worker?.Why ?? "it took no turn"}"
            + $"{Environment.NewLine}brick-worker answered {comparison.Worker?.Answer}; layers {comparison.Worker?.Layers}"
            + (record.Problem is null ? "" : $"{Environment.NewLine}problem: {record.Problem}"));
    }
}
