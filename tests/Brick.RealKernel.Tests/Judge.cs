using System.Globalization;
using System.Text.RegularExpressions;
using Brick.Contracts;

namespace Brick.RealKernel.Tests;

/// <summary>Checks a scenario's record against its <see cref="Expectation"/>: the one place the scenarios' assertions are made.</summary>
internal static partial class Judge
{
    public static void Check(Expectation expect, ScenarioRecord record, string host)
    {
        var run = record.Worker ?? throw new InvalidOperationException($"{record.Scenario} has no worker run.");
        // A script may check more after the worker ran (iscsi-grow-socket: the worker's log names the socket); its fail is a problem.
        Assert.True(record.Problem is null, $"the scenario's script failed after the worker ran: {record.Problem}");
        IReadOnlyList<PathSize> paths;
        if (expect.Failure is { } reason)
        {
            Assert.True(run.ExitCode == 1, $"expected exit 1, got {run.ExitCode}");
            var failed = Assert.IsType<HostVolumeResizeFailed>(run.Failed);
            Assert.Equal(reason, failed.Reason);
            Assert.Equal(expect.Retriable, failed.Retriable);
            paths = failed.Paths;
        }
        else
        {
            Assert.True(run.ExitCode == 0, $"expected exit 0, got {run.ExitCode}");
            var ok = Assert.IsType<HostVolumeResized>(run.Resized);
            Assert.Equal(expect.NewSize!.Bytes, ok.NewSizeBytes);
            Assert.Equal(host, ok.Host);
            if (expect.DevicePath is { } device)
                Assert.Equal("/dev/" + Device(record, device), ok.DevicePath);
            if (expect.NoMultipathDevice)
                Assert.Null(ok.MultipathDevice);
            else if (expect.MultipathDevice is { } map)
                Assert.Equal(Device(record, map), ok.MultipathDevice);
            paths = ok.Paths;
        }

        if (expect.Paths is { } p)
        {
            Assert.True(paths.Count > 0, "the outcome lists no paths");
            if (p.Count is { } count)
                Assert.Equal(count, paths.Count);
            if (p.Size is { } size)
                Assert.All(paths, path => Assert.Equal(size.Bytes, path.SizeBytes));
            if (p.Roles.Count > 0)
                Assert.Equal(p.Roles.Select(role => Device(record, role)).Order(), paths.Select(path => path.Device).Order());
        }

        Snapshot("before", expect.Before, record.Before, record.Before);
        Snapshot("after", expect.After, record.After, record.Before);

        if (expect.MultipathdArguments is { } arguments)
        {
            // "{role}" in an argument stands for the device of that role
            var wanted = arguments.Select(a => Placeholder().Replace(a, m => Device(record, m.Groups[1].Value))).ToList();
            Assert.Equal(wanted, run.Multipathd);
        }
        else
        {
            Assert.Equal(expect.MultipathdCalls, run.Multipathd.Count);
        }
    }

    private static void Snapshot(string when, IReadOnlyDictionary<string, DeviceExpectation> expected, IReadOnlyDictionary<string, DeviceState> got, IReadOnlyDictionary<string, DeviceState> before)
    {
        if (expected.Count == 0)
            return;
        Assert.True(got.Count > 0, $"{when}: no devices were recorded");
        foreach (var role in expected.Keys.Where(r => r != Expectation.Others))
            Assert.True(got.ContainsKey(role), $"{when}: the guest recorded no role {role} (it recorded {string.Join(", ", got.Keys)})");

        foreach (var (role, state) in got)
        {
            if (!expected.TryGetValue(role, out var e) && !expected.TryGetValue(Expectation.Others, out e))
                continue;
            var what = $"{when}: {role} ({state.Device ?? "no device"})";
            if (e.Absent)
            {
                Assert.True(state.Device is null, $"{what} should be gone");
                continue;
            }

            Assert.True(state.Device is not null, $"{what}: there is no such device");
            var sectors = !e.Unchanged ? e.Size!.Sectors
                : before.TryGetValue(role, out var earlier) ? earlier.Sectors
                : throw new Xunit.Sdk.XunitException($"{what}: the guest recorded no {role} before the run to compare with");
            Assert.True(state.Sectors == sectors, $"{what} shows {Show(state.Sectors)} sectors, expected {Show(sectors)}{(e.Unchanged ? " (its size before the run)" : $" ({e.Size})")}");
            foreach (var slave in e.With)
                Assert.True(got.GetValueOrDefault(slave)?.Device is { } d && state.Slaves.Contains(d), $"{what}: {slave} ({got.GetValueOrDefault(slave)?.Device ?? "no device"}) should be among its slaves [{string.Join(" ", state.Slaves)}]");
            foreach (var slave in e.Without)
                Assert.True(got.GetValueOrDefault(slave)?.Device is not { } d || !state.Slaves.Contains(d), $"{what}: {slave} ({got.GetValueOrDefault(slave)?.Device}) should not be among its slaves [{string.Join(" ", state.Slaves)}]");
        }
    }

    private static string Device(ScenarioRecord record, string role) =>
        record.Device(role) ?? throw new Xunit.Sdk.XunitException($"the guest found no device for the role {role}");

    [GeneratedRegex(@"\{([a-z0-9]+)\}")]
    private static partial Regex Placeholder();

    private static string Show(long? sectors) => sectors?.ToString(CultureInfo.InvariantCulture) ?? "nothing";
}
