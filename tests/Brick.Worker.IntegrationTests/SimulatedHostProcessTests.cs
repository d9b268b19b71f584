using System.Collections.Concurrent;
using System.Diagnostics;
using Brick.Contracts;
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
            ["Brick__PathWaitTimeout"] = "00:00:02",
            ["Brick__OperationTimeout"] = "00:00:06",
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

        await using var worker = await WorkerProcess.StartAsync(["run", "--simulate", "--host", host, "--broker", broker.Uri.ToString()], environment);
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
    private static object Iscsi(string volumeId, string host, long newSizeBytes)
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

    /// <summary><c>brick-worker</c> as a process of its own, started and waited for until it consumes; killed on dispose.</summary>
    private sealed class WorkerProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines = new();

        private WorkerProcess(Process process) => _process = process;

        public string Output => string.Join(Environment.NewLine, _lines);

        public static async Task<WorkerProcess> StartAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "brick-worker.dll"));
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument);
            start.Environment["MASSTRANSIT_USAGE_TELEMETRY"] = "false";
            foreach (var (key, value) in environment)
                start.Environment[key] = value;

            var worker = new WorkerProcess(Process.Start(start)!);
            worker._process.OutputDataReceived += (_, e) => worker.Add(e.Data);
            worker._process.ErrorDataReceived += (_, e) => worker.Add(e.Data);
            worker._process.BeginOutputReadLine();
            worker._process.BeginErrorReadLine();

            try
            {
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                while (!worker._lines.Any(l => l.Contains("Consuming VolumeExtended from", StringComparison.Ordinal)))
                {
                    if (worker._process.HasExited || DateTime.UtcNow > deadline)
                        Assert.Fail($"brick-worker did not start consuming (exited: {worker._process.HasExited}):{Environment.NewLine}{worker.Output}");
                    await Task.Delay(100, TestContext.Current.CancellationToken);
                }

                return worker;
            }
            catch
            {
                // Not returned to the test's await using (it did not start in time, or the wait was cancelled): killed here.
                await worker.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }

            _process.Dispose();
        }

        private void Add(string? line)
        {
            if (line is not null)
                _lines.Enqueue(line);
        }
    }
}
