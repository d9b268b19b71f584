using System.Text.Json;
using Brick.Contracts;
using static Brick.Testing.Sizes;

namespace Brick.RealKernel.Tests;

/// <summary>The peer suite's judge, trace counting and CI gate on records made here (no VM).</summary>
public sealed class PeerJudgeTests
{
    private static readonly ScenarioCatalog Catalog = ScenarioCatalog.Current;

    [Fact]
    public void Os_brick_is_counted_between_its_markers_and_the_worker_without_its_own_start()
    {
        string[] osBrick =
        [
            "exec|10|/usr/bin/python3 /payload/os-brick-extend req mark",
            "exec|11|iscsiadm -m session",
            "mark|10|begin",
            "exec|12|blockdev --getsize64 /dev/sda",
            "exec|13|tee -a /sys/bus/scsi/drivers/sd/2:0:0:0/rescan",
            "write|13|3|/sys/bus/scsi/drivers/sd/2:0:0:0/rescan",
            "exec|14|blockdev --getsize64 /dev/sda",
            "mark|10|end",
            "exec|15|ls",
        ];
        string[] worker = ["exec|20|/payload/brick-worker/brick-worker extend --request r", "write|20|7|/sys/block/sda/device/rescan", "write|20|-1 EACCES (Permission denied)|/sys/x", "exec|21|/usr/sbin/multipathd resize map /dev/dm-0"];

        var o = PeerTrace.Parse(osBrick);
        var w = PeerTrace.Parse(worker);

        Assert.Equal(["blockdev --getsize64 /dev/sda", "tee -a /sys/bus/scsi/drivers/sd/2:0:0:0/rescan", "blockdev --getsize64 /dev/sda"], o.Programs);
        Assert.Equal("blockdev ×2, tee ×1", o.ProgramSummary());
        Assert.Equal(["/sys/bus/scsi/drivers/sd/2:0:0:0/rescan"], o.SysfsWrites);
        Assert.Equal(["/usr/sbin/multipathd resize map /dev/dm-0"], w.Programs);
        Assert.Equal(["/sys/block/sda/device/rescan"], w.SysfsWrites);
        Assert.Equal(["/sys/x"], w.FailedSysfsWrites);
    }

    [Fact]
    public void The_peer_list_parses_and_every_peer_scenario_says_what_it_tests() =>
        Assert.All(Catalog.Peers, p => Assert.False(string.IsNullOrWhiteSpace(p.Test)));

    [Fact]
    public void A_failure_with_every_layer_grown_is_wrong_and_fails_the_gate_only_when_it_is_the_workers()
    {
        var grow = Catalog.Peer("peer-iscsi-sized");
        var osBrickFailed = Record(OsBrickTurn(ok: false, size: null, 3 * GiB, 3 * GiB), WorkerTurn(Resized(3 * GiB), 3 * GiB, 3 * GiB));
        var workerFailed = Record(OsBrickTurn(ok: true, size: 3 * GiB, 3 * GiB, 3 * GiB), WorkerTurn(Failed(ResizeFailureReason.MultipathResizeFailed), 3 * GiB, 3 * GiB));

        var first = PeerJudge.Compare(grow, osBrickFailed);
        var second = PeerJudge.Compare(grow, workerFailed);

        Assert.False(first.OsBrick!.Right);
        Assert.True(first.Worker!.Right);
        Assert.False(first.WorkerWrongWhereOsBrickRight);
        Assert.True(second.OsBrick!.Right);
        Assert.False(second.Worker!.Right);
        Assert.True(second.WorkerWrongWhereOsBrickRight);
    }

    [Fact]
    public void A_layer_left_at_the_old_size_makes_an_answer_of_the_right_size_wrong()
    {
        var verdict = PeerJudge.Judge(Catalog.Peer("peer-iscsi-grow"), Record(OsBrickTurn(ok: true, size: 2 * GiB, 2 * GiB, mapAfter: GiB), null), PeerRecord.OsBrick)!;

        Assert.False(verdict.Right);
        Assert.Contains("map shows 1 GiB, not 2 GiB", verdict.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_failure_is_right_only_where_the_scenario_says_so()
    {
        var record = Record(null, WorkerTurn(Failed(ResizeFailureReason.DeviceNotFound), 2 * GiB, 2 * GiB, arrayBytes: 3 * GiB));

        Assert.True(PeerJudge.Judge(Catalog.Peer("peer-path-down"), record, PeerRecord.Worker)!.Right);
        Assert.False(PeerJudge.Judge(Catalog.Peer("peer-iscsi-grow"), record, PeerRecord.Worker)!.Right);
    }

    [Fact]
    public void A_missing_worker_turn_fails_the_gate_when_os_brick_was_right()
    {
        var comparison = PeerJudge.Compare(Catalog.Peer("peer-iscsi-grow"), Record(OsBrickTurn(ok: true, size: 2 * GiB, 2 * GiB, 2 * GiB), null));

        Assert.True(comparison.WorkerWrongWhereOsBrickRight);
    }

    [Fact]
    public void The_top_layer_is_judged_at_the_arrays_size_less_what_lies_below_it()
    {
        const long header = 32768;
        var luks = Catalog.Peer("peer-luks");
        Dictionary<string, DeviceState> after = new()
        {
            ["path1"] = new("sda", 3 * GiB / 512, []),
            ["path2"] = new("sdb", 3 * GiB / 512, []),
            ["map"] = new("dm-0", 3 * GiB / 512, ["sda", "sdb"]),
            ["crypt"] = new("dm-1", (3 * GiB / 512) - header, ["dm-0"]),
        };
        var turn = new PeerTurn(PeerRecord.Worker, 5000, after, after, [Call(3 * GiB, 0, Resized((3 * GiB) - (header * 512)))]);
        var record = new PeerRecord("peer-luks", "multipath-n", "ran", null, header, [turn]);

        Assert.True(PeerJudge.Judge(luks, record, PeerRecord.Worker)!.Right);
        Assert.False(PeerJudge.Judge(luks, record with { TopOffsetSectors = 0 }, PeerRecord.Worker)!.Right);
    }

    [Fact]
    public void A_peer_record_as_peers_sh_writes_it_is_read_with_its_turns_and_calls()
    {
        const string line = """BRICK|peer|{"peer":"peer-loop","boot":"multipath-n","status":"ran","problem":null,"topOffsetSectors":null,"turns":[{"system":"os-brick","milliseconds":4200,"before":{"loop":{"device":"loop3","sectors":131072,"slaves":[]}},"after":{"loop":{"device":"loop3","sectors":131072,"slaves":[]}},"calls":[{"request":{"volumeId":"vol-peer-loop","newSizeBytes":134217728},"exitCode":1,"stdout":"{\"ok\": false, \"size\": null, \"error\": \"NotImplementedError: \", \"callMs\": 0.1}","stderr":["Traceback"],"trace":["mark|1|begin","mark|1|end"]}]}]}""";

        var record = GuestOutput.Parse([line]).Peer("peer-loop");

        Assert.NotNull(record);
        var verdict = PeerJudge.Judge(Catalog.Peer("peer-loop"), record, PeerRecord.OsBrick)!;
        Assert.False(verdict.Right);
        Assert.Equal("error: NotImplementedError:", verdict.Answer);
        Assert.Empty(verdict.Trace.Programs);
        Assert.Null(record.Turn(PeerRecord.Worker));
    }

    private static PeerRecord Record(PeerTurn? osBrick, PeerTurn? worker) =>
        new("test", "native", "ran", null, null, [.. new[] { osBrick, worker }.OfType<PeerTurn>()]);

    private static PeerTurn OsBrickTurn(bool ok, long? size, long paths, long mapAfter, long? arrayBytes = null) =>
        new(PeerRecord.OsBrick, 3000, Layers(paths, mapAfter), Layers(paths, mapAfter),
            [Call(arrayBytes ?? paths, ok ? 0 : 1, JsonSerializer.Serialize(new { ok, size, error = ok ? null : "ProcessExecutionError: fail", callMs = 900.0 }))]);

    private static PeerTurn WorkerTurn(string stdout, long paths, long mapAfter, long? arrayBytes = null) =>
        new(PeerRecord.Worker, 5000, Layers(paths, mapAfter), Layers(paths, mapAfter), [Call(arrayBytes ?? paths, stdout.Contains("\"reason\"", StringComparison.Ordinal) ? 1 : 0, stdout)]);

    private static Dictionary<string, DeviceState> Layers(long paths, long map) => new()
    {
        ["path1"] = new("sda", paths / 512, []),
        ["path2"] = new("sdb", paths / 512, []),
        ["map"] = new("dm-0", map / 512, ["sda", "sdb"]),
    };

    private static PeerCall Call(long arrayBytes, int exitCode, string stdout) =>
        new(JsonSerializer.SerializeToElement(new { volumeId = "vol-test", newSizeBytes = arrayBytes }), exitCode, stdout, [], []);

    private static string Resized(long bytes) =>
        JsonSerializer.Serialize(new HostVolumeResized("vol-test", "brick-vm", "att-1", bytes, bytes, "/dev/dm-0", "dm-0", [], null, DateTimeOffset.UnixEpoch, 900), ContractJson.Options);

    private static string Failed(ResizeFailureReason reason) =>
        JsonSerializer.Serialize(new HostVolumeResizeFailed("vol-test", "brick-vm", "att-1", 3 * GiB, null, reason, "detail", [], reason == ResizeFailureReason.DeviceNotFound, null, DateTimeOffset.UnixEpoch), ContractJson.Options);
}
