using Brick.Contracts;
using Brick.Testing;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests;

/// <summary>
/// <c>brick-worker run --simulate</c> as its own process on a real broker, scripted only by <c>Brick__Simulation__*</c>
/// environment variables, as a control plane's test would start it: volumes it has never seen are resized, and each rule
/// ends in the failure it names, met by the engine on the simulated host.
/// </summary>
public sealed class SimulatedHostProcessTests(BrokerFixture broker)
{
    private static readonly (string Volume, string Fail, string? Extra)[] Rules =
    [
        ("vol-gone-*", "DeviceNotFound", null),
        ("vol-bad-*", "WwidMismatch", null),
        ("vol-stuck-*", "RescanTimeout", null),
        ("vol-mpfail-*", "MultipathResizeFailed", null),
        ("vol-mptimeout-*", "MultipathResizeFailed", "timeout"),
        ("vol-luks-*", "Unsupported", null),
        ("vol-flaky-*", "DeviceNotFound", "Times=1"),
    ];

    [Fact]
    public async Task Environment_variables_script_each_fault_and_a_never_seen_volume_is_resized()
    {
        broker.Require();
        var host = Requests.UniqueHost("sim-env");
        var environment = new Dictionary<string, string>
        {
            ["Brick__RetryLimit"] = "0",
            // vol-stuck-* must outlast the path wait and vol-slow-* (1 s late) must not: 2 s left too little of that margin
            // at load 40 (vol-slow-1 ended in RescanTimeout once); the operation's limit stays above the path wait.
            ["Brick__PathWaitTimeout"] = "00:00:05",
            ["Brick__OperationTimeout"] = "00:00:15",
            ["Brick__Simulation__Rules__7__Volume"] = "vol-slow-*",
            ["Brick__Simulation__Rules__7__DelaySeconds"] = "1",
        };
        for (var i = 0; i < Rules.Length; i++)
        {
            environment[$"Brick__Simulation__Rules__{i}__Volume"] = Rules[i].Volume;
            environment[$"Brick__Simulation__Rules__{i}__Fail"] = Rules[i].Fail;
            if (Rules[i].Extra == "timeout")
                environment[$"Brick__Simulation__Rules__{i}__Multipathd"] = "timeout";
            if (Rules[i].Extra == "Times=1")
                environment[$"Brick__Simulation__Rules__{i}__Times"] = "1";
        }

        await using var worker = WorkerProcess.Start(["run", "--simulate", "--host", host, "--broker", broker.Uri.ToString()], new WorkerStart { Environment = environment });
        await worker.WaitForLineAsync("Consuming VolumeExtended from", TimeSpan.FromSeconds(60));
        try
        {
            await using var client = await ContractClient.CreateAsync(broker, host);
            string[] volumes = ["vol-new-1", "vol-gone-1", "vol-bad-1", "vol-stuck-1", "vol-mpfail-1", "vol-mptimeout-1", "vol-luks-1", "vol-slow-1", "vol-flaky-1"];
            foreach (var volume in volumes)
                await client.PublishAsync(host, Iscsi(volume, host, 6 * GiB));

            var outcomes = new Dictionary<string, Outcome>();
            foreach (var volume in volumes)
                outcomes[volume] = await client.WaitForVolumeAsync(volume, TimeSpan.FromSeconds(60));

            Assert.True(outcomes["vol-new-1"].Resized, outcomes["vol-new-1"].ToString());
            Assert.Equal(6 * GiB, outcomes["vol-new-1"].Long("newSizeBytes"));
            Assert.True(outcomes["vol-slow-1"].Resized, outcomes["vol-slow-1"].ToString());
            Assert.Equal("DeviceNotFound", outcomes["vol-gone-1"].Reason);
            Assert.Equal("WwidMismatch", outcomes["vol-bad-1"].Reason);
            Assert.Equal("RescanTimeout", outcomes["vol-stuck-1"].Reason);
            Assert.Equal("MultipathResizeFailed", outcomes["vol-mpfail-1"].Reason);
            Assert.False(outcomes["vol-mpfail-1"].Flag("retriable"));
            Assert.Equal("MultipathResizeFailed", outcomes["vol-mptimeout-1"].Reason);
            Assert.True(outcomes["vol-mptimeout-1"].Flag("retriable"));
            Assert.Equal("Unsupported", outcomes["vol-luks-1"].Reason);
            Assert.Equal("DeviceNotFound", outcomes["vol-flaky-1"].Reason);

            // Times=1: the host behaves from the second try on.
            await client.PublishAsync(host, Iscsi("vol-flaky-1", host, 6 * GiB));
            var again = await client.WaitAsync(o => o.VolumeId == "vol-flaky-1" && o.Resized, TimeSpan.FromSeconds(60));
            Assert.Equal(6 * GiB, again.Long("newSizeBytes"));
        }
        finally
        {
            string[] names = [EntityNames.WorkerQueue(host), EntityNames.ErrorQueue(host)];
            await broker.RemoveAsync(names, names);
        }
    }

    /// <summary>A two-path multipath iSCSI volume whose target IQN is named for the volume: one the host has never seen.</summary>
    internal static object Iscsi(string volumeId, string host, long newSizeBytes)
    {
        var wwid = "36001405" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(volumeId)))[..24];
        return new Dictionary<string, object?>
        {
            ["volumeId"] = volumeId,
            ["host"] = host,
            ["newSizeBytes"] = newSizeBytes,
            ["connection"] = new Dictionary<string, object?>
            {
                ["driverVolumeType"] = "iscsi",
                ["data"] = new Dictionary<string, object?>
                {
                    ["target_portals"] = new[] { "198.51.100.10:3260", "198.51.100.11:3260" },
                    ["target_iqns"] = new[] { $"iqn.2010-10.org.example:{volumeId}", $"iqn.2010-10.org.example:{volumeId}" },
                    ["target_luns"] = new[] { 1, 1 },
                    ["scsi_wwn"] = wwid,
                    ["multipath_id"] = wwid,
                },
            },
        };
    }
}
