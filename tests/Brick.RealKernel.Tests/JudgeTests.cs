using System.Text.Json;
using Brick.Contracts;
using static Brick.Testing.Sizes;

namespace Brick.RealKernel.Tests;

/// <summary>The judge on records made here (no VM): it reads what the guest writes, and it fails what the list does not expect.</summary>
public sealed class JudgeTests
{
    private static readonly ScenarioCatalog Catalog = ScenarioCatalog.Current;

    [Fact]
    public void A_scenario_record_as_run_sh_writes_it_is_read_with_its_devices_and_worker_run()
    {
        // the shape of run.sh's record (jq): a role without a device has device and sectors null
        const string line = """BRICK|scenario|{"scenario":"iscsi-logout","boot":"native","status":"ran","problem":null,"before":{"path1":{"device":"sdc","sectors":6291456,"slaves":[]},"path2":{"device":null,"sectors":null,"slaves":[]},"map":{"device":"dm-1","sectors":6291456,"slaves":["sdc"]}},"after":{},"worker":{"exitCode":1,"milliseconds":5230,"stdout":"{}","stderr":["a|b"],"multipathd":[]}}""";

        var record = GuestOutput.Parse(["BRICK|fact|uname-r|6.1.0-56-amd64", line, "BRICK|done|rc=0|uptime=99.1"]).Record("iscsi-logout");

        Assert.NotNull(record);
        Assert.Equal(ScenarioRecord.Ran, record.Status);
        Assert.Equal("dm-1", record.Device("map"));
        Assert.Null(record.Device("path2"));
        Assert.Equal(["sdc"], record.Before["map"].Slaves);
        Assert.Equal(6291456, record.Before["path1"].Sectors);
        Assert.Equal(1, record.Worker!.ExitCode);
        Assert.Equal(["a|b"], record.Worker.Stderr);
    }

    [Fact]
    public void A_record_line_cut_short_on_the_console_is_reported_as_unreadable()
    {
        var output = GuestOutput.Parse(["""BRICK|scenario|{"scenario":"iscsi-grow","boot":"nat"""]);

        Assert.Null(output.Record("iscsi-grow"));
        Assert.Single(output.Unreadable);
    }

    [Fact]
    public void A_grown_volume_with_every_device_at_the_new_size_passes_the_grow_expectation() =>
        Judge.Check(Catalog["iscsi-grow"].Expect, GrowRecord(mapAfter: 2 * GiB), Catalog.Host);

    [Fact]
    public void A_map_left_at_its_old_size_fails_the_grow_expectation()
    {
        var e = Assert.ThrowsAny<Exception>(() => Judge.Check(Catalog["iscsi-grow"].Expect, GrowRecord(mapAfter: GiB), Catalog.Host));

        Assert.Contains("after: map (dm-2) shows 2097152 sectors, expected 4194304", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("add path sdf", true)]
    [InlineData("add path sde", false)]
    public void The_multipathd_calls_expected_name_the_devices_that_play_their_roles(string secondCall, bool passes)
    {
        var before = Devices(("path1", "sde", 3 * GiB, []), ("path2", "sdf", 4 * GiB, []), ("map", "dm-3", 3 * GiB, ["sde"]));
        var after = Devices(("path1", "sde", 4 * GiB, []), ("path2", "sdf", 4 * GiB, []), ("map", "dm-3", 4 * GiB, ["sde", "sdf"]));
        var record = Record(before, after, Resized(4 * GiB, "/dev/dm-3", "dm-3", ("sde", 4 * GiB), ("sdf", 4 * GiB)), ["resize map /dev/dm-3", secondCall]);

        var check = () => Judge.Check(Catalog["iscsi-login-retry"].Expect, record, Catalog.Host);

        if (passes)
            check();
        else
            Assert.ThrowsAny<Exception>(check);
    }

    [Fact]
    public void A_path_left_in_the_map_before_the_retry_fails_the_premise_of_the_login_retry()
    {
        var before = Devices(("path1", "sde", 3 * GiB, []), ("path2", "sdf", 4 * GiB, []), ("map", "dm-3", 3 * GiB, ["sde", "sdf"]));
        var after = Devices(("path1", "sde", 4 * GiB, []), ("path2", "sdf", 4 * GiB, []), ("map", "dm-3", 4 * GiB, ["sde", "sdf"]));
        var record = Record(before, after, Resized(4 * GiB, "/dev/dm-3", "dm-3", ("sde", 4 * GiB), ("sdf", 4 * GiB)), ["resize map /dev/dm-3", "add path sdf"]);

        var e = Assert.ThrowsAny<Exception>(() => Judge.Check(Catalog["iscsi-login-retry"].Expect, record, Catalog.Host));

        Assert.Contains("path2 (sdf) should not be among its slaves", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_expectation_reads_as_a_line_of_the_results_table() =>
        Assert.All(Catalog.Scenarios, s => Assert.StartsWith(s.Expect.Failure is null ? "exit 0, " : "exit 1, ", s.Expect.Describe(), StringComparison.Ordinal));

    [Theory]
    [InlineData("2 GiB", 2 * GiB)]
    [InlineData("128 MiB", 128L << 20)]
    [InlineData("5 GiB - 33280 sectors", (5 * GiB) - (33280 * 512))]
    public void Sizes_read_as_the_list_writes_them(string text, long bytes) =>
        Assert.Equal(bytes, Size.Parse(text).Bytes);

    private static ScenarioRecord GrowRecord(long mapAfter) =>
        Record(
            Devices(("path1", "sda", GiB, []), ("path2", "sdb", GiB, []), ("map", "dm-2", GiB, ["sda", "sdb"])),
            Devices(("path1", "sda", 2 * GiB, []), ("path2", "sdb", 2 * GiB, []), ("map", "dm-2", mapAfter, ["sda", "sdb"])),
            Resized(2 * GiB, "/dev/dm-2", "dm-2", ("sda", 2 * GiB), ("sdb", 2 * GiB)),
            ["resize map /dev/dm-2"]);

    private static ScenarioRecord Record(Dictionary<string, DeviceState> before, Dictionary<string, DeviceState> after, string stdout, string[] multipathd) =>
        new("test", "native", ScenarioRecord.Ran, null, before, after, new WorkerRun(0, 1000, stdout, [], multipathd));

    private static Dictionary<string, DeviceState> Devices(params (string Role, string Device, long Bytes, string[] Slaves)[] devices) =>
        devices.ToDictionary(d => d.Role, d => new DeviceState(d.Device, d.Bytes / Size.Sector, d.Slaves));

    private static string Resized(long bytes, string devicePath, string? map, params (string Device, long Bytes)[] paths) =>
        JsonSerializer.Serialize(
            new HostVolumeResized("vol-test", "brick-vm", "att-1", bytes, bytes, devicePath, map, [.. paths.Select(p => new PathSize(p.Device, p.Bytes))], null, DateTimeOffset.UnixEpoch, 1000),
            ContractJson.Options);
}
