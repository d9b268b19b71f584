namespace Brick.RealKernel.Tests;

/// <summary>
/// The real <c>brick-worker extend</c> against Debian's own kernel in QEMU: one test per scenario of
/// <c>scenarios.json</c> (real LIO iSCSI with two portals and dm-multipath, NVMe/TCP with native multipath and with
/// <c>nvme_core.multipath=N</c>, LUKS2 on a map, a loop device), named by the sentence the list gives it. The guest runs
/// every scenario of a boot (<see cref="RealKernelSuite"/>), in each guest (Debian 12, Debian 13) that runs it at the
/// suite's size; each test judges one record against the list's expectation.
/// </summary>
public sealed class ScenarioTests(RealKernelSuite suite)
{
    public static IEnumerable<TheoryDataRow<string, string>> Scenarios() =>
        ScenarioCatalog.Current.PlannedScenarios(SuiteSize.Current)
            .Select(p => new TheoryDataRow<string, string>(p.Run.Name, p.Scenario.Id) { TestDisplayName = $"{p.Scenario.Test} ({p.Run.Guest.Name})" });

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task The_scenario_ends_as_the_list_expects(string boot, string scenario)
    {
        var spec = ScenarioCatalog.Current[scenario];
        suite.Require();
        WorkerRun? run = null;
        try
        {
            var record = await suite.RecordAsync(spec, boot);
            run = record.Worker!;
            TestContext.Current.SendDiagnosticMessage($"{spec.Id}: {run.Summary()}; before {record.Render("before")}; after {record.Render("after")}");
            try
            {
                Judge.Check(spec.Expect, record, ScenarioCatalog.Current.Host);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException(
                    $"{e.Message}{Environment.NewLine}{Environment.NewLine}expected: {spec.Expect.Describe()}{Environment.NewLine}"
                    + $"devices (role=device:sectors[slaves]) before {record.Render("before")}{Environment.NewLine}after {record.Render("after")}{Environment.NewLine}"
                    + run.Describe(),
                    e);
            }

            suite.Table.Add(boot, spec, run.Summary(), passed: true, run.Milliseconds / 1000.0);
        }
        catch (Exception e)
        {
            suite.Table.Add(boot, spec, run?.Summary() ?? e.Message.Split('\n')[0].Trim(), passed: false, run?.Milliseconds / 1000.0);
            throw;
        }
    }
}
