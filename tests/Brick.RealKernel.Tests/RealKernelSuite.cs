using System.Diagnostics;
using System.Text;
using Brick.Testing;

[assembly: AssemblyFixture(typeof(Brick.RealKernel.Tests.RealKernelSuite))]

namespace Brick.RealKernel.Tests;

/// <summary>
/// Builds the test VM (<c>tests/vm/build-vm.sh</c>, cached), publishes the worker into the scenarios payload
/// (<c>tests/vm/payloads/scenarios/prepare.sh</c>) and boots it once per boot of <c>scenarios.json</c>
/// (<c>tests/vm/run-vm.sh</c>, the kernel command line extended by the boot's arguments and <c>brick.boot=NAME</c>),
/// side by side, once, when the first scenario or peer test asks for its record (the tests that need no VM do not wait
/// for it).
/// Every step is time-bounded. The scenario tests judge the records the guest printed; the results table goes to
/// <c>artifacts/real-kernel-results.md</c>, the peer suite's to <c>artifacts/peer-results.md</c>. Outside CI, without root or QEMU, nothing runs and every scenario test skips
/// with the reason; in CI (<c>CI=true</c>) that fails.
/// </summary>
public sealed class RealKernelSuite : IAsyncLifetime
{
    private static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan PublishLimit = TimeSpan.FromMinutes(10);
    // A boot normally needed 2-3 min; on a host whose 2 cores were shared with builds (load ~20) each needed 8-9. The peer
    // suite's turns (a Python process with os-brick's imports, a worker process, both under strace) add to each boot:
    // ~9.5 min for the native boot's four peer scenarios alone at load ~13.
    private const int BootLimitSeconds = 1800;

    private readonly Dictionary<string, BootRun> _boots = new(StringComparer.Ordinal);
    private readonly ResultsTable _table = new();
    private readonly PeerTable _peers = new();
    private readonly Stopwatch _clock = new();
    private readonly Lazy<Task> _run;
    private string? _unavailable;
    private string? _broken;

    public RealKernelSuite() => _run = new Lazy<Task>(RunAsync);


    internal string RepoRoot => RepositoryRoot.Path;

    internal string ArtifactsDir => Path.Combine(RepoRoot, "artifacts", "real-kernel");

    internal ResultsTable Table => _table;

    internal PeerTable Peers => _peers;

    public async ValueTask InitializeAsync()
    {
        _unavailable = Unavailable();
        if (_unavailable is not null)
            await Console.Error.WriteLineAsync($"SKIP real-kernel suite: {_unavailable}");
    }

    private async Task RunAsync()
    {
        _clock.Start();
        Directory.CreateDirectory(ArtifactsDir);
        try
        {
            var vmDir = Environment.GetEnvironmentVariable("BRICK_VM_DIR");
            if (string.IsNullOrEmpty(vmDir) || !File.Exists(Path.Combine(vmDir, ".complete")))
            {
                var build = await Step("build-vm", "tests/vm/build-vm.sh", [], [], BuildLimit);
                vmDir = build.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
                if (build.ExitCode != 0 || string.IsNullOrEmpty(vmDir))
                    throw new InvalidOperationException($"tests/vm/build-vm.sh exited {build.ExitCode}:{Environment.NewLine}{Tail(build.Output)}");
            }

            _table.KernelVersion = ReadOrNull(Path.Combine(vmDir, "kernel-version"))?.Trim();
            _peers.ReadPackages(Path.Combine(vmDir, "packages.txt"));
            var payload = Path.Combine(ArtifactsDir, "payload");
            var prepare = await Step("prepare", "tests/vm/payloads/scenarios/prepare.sh", [payload], [], PublishLimit);
            if (prepare.ExitCode != 0)
                throw new InvalidOperationException($"prepare.sh exited {prepare.ExitCode}:{Environment.NewLine}{Tail(prepare.Output)}");

            // The boots side by side: the guests wait on timers and I/O much of the time, so even on 2 CPUs this took
            // 129 s against 239 s one after the other. BRICK_VM_PARALLEL=0 runs them one after the other.
            var parallel = Environment.GetEnvironmentVariable("BRICK_VM_PARALLEL") != "0";
            var starts = ScenarioCatalog.Current.Boots.Select(b => new Func<Task<BootRun>>(() => BootAsync(b, vmDir, payload)));
            var done = parallel ? await Task.WhenAll(starts.Select(start => start())) : await Sequential(starts);
            foreach (var boot in done)
            {
                _boots[boot.Name] = boot;
                _table.Boots.Add((boot.Name, boot.Elapsed, boot.ExitCode));
                _table.KernelVersion = boot.Output.Fact("uname-r") ?? _table.KernelVersion;
            }

            _peers.KernelVersion = _table.KernelVersion;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or Xunit.Sdk.XunitException or System.ComponentModel.Win32Exception)
        {
            _broken = e.Message;
            await Console.Error.WriteLineAsync($"real-kernel suite could not run: {e.Message}");
        }
        finally
        {
            _table.SuiteElapsed = _clock.Elapsed;
            _table.Problem = _broken;
            await _table.WriteAsync(RepoRoot);
            await _peers.WriteAsync(RepoRoot);
        }
    }

    private static async Task<BootRun[]> Sequential(IEnumerable<Func<Task<BootRun>>> starts)
    {
        var list = new List<BootRun>();
        foreach (var start in starts)
            list.Add(await start());
        return [.. list];
    }

    private async Task<BootRun> BootAsync(Boot boot, string vmDir, string payload)
    {
        var outFile = Path.Combine(ArtifactsDir, boot.Name + ".out");
        var started = _clock.Elapsed;
        var run = await Step($"boot {boot.Name}", "tests/vm/run-vm.sh", [payload, outFile],
            new Dictionary<string, string?>
            {
                ["BRICK_VM_DIR"] = vmDir,
                ["BRICK_VM_APPEND"] = $"{boot.Append} brick.boot={boot.Name}".Trim(),
                ["BRICK_VM_TIMEOUT"] = BootLimitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            TimeSpan.FromSeconds(BootLimitSeconds + 60));
        var lines = File.Exists(outFile) ? await File.ReadAllLinesAsync(outFile) : [];
        return new BootRun(boot.Name, run.ExitCode, GuestOutput.Parse(lines), run.Output, outFile, _clock.Elapsed - started);
    }

    public async ValueTask DisposeAsync()
    {
        if (_run.IsValueCreated)
        {
            await _table.WriteAsync(RepoRoot);
            await _peers.WriteAsync(RepoRoot);
        }
    }

    /// <summary>Skips (outside CI) or fails (in CI) when the suite cannot run here.</summary>
    internal void Require()
    {
        if (_unavailable is not null)
            Prerequisite.Missing(_unavailable);
    }

    /// <summary>
    /// What the guest recorded for <paramref name="scenario"/>, after the boots (the first call starts them); fails when
    /// the suite broke or the scenario has no worker run, with the boot's account.
    /// </summary>
    internal async Task<ScenarioRecord> RecordAsync(Scenario scenario)
    {
        Require();
        await _run.Value;
        if (_broken is not null)
            Assert.Fail($"The real-kernel suite could not run: {_broken}");
        if (!_boots.TryGetValue(scenario.Boot, out var boot))
            Assert.Fail($"The boot {scenario.Boot} did not run.");
        var record = boot.Output.Record(scenario.Id);
        var where = $"Boot {boot.Name} (run-vm.sh exit {boot.ExitCode}, {boot.Elapsed.TotalSeconds:0} s; console: {boot.OutFile}.console)";
        if (record is null)
        {
            var unreadable = boot.Output.Unreadable.Count == 0 ? "" : $"{Environment.NewLine}unreadable records:{Environment.NewLine}{string.Join(Environment.NewLine, boot.Output.Unreadable)}";
            Assert.Fail($"{where} recorded nothing for {scenario.Id}.{unreadable}{Environment.NewLine}run-vm.sh said:{Environment.NewLine}{Tail(boot.Log)}");
        }

        if (record.Status != ScenarioRecord.Ran || record.Worker is null)
            Assert.Fail($"{where}: {scenario.Id} did not run the worker ({record.Status}): {record.Problem}");
        return record;
    }

    /// <summary>
    /// What the guest recorded for the peer scenario <paramref name="peer"/>, after the boots; fails when the suite broke
    /// or the scenario recorded no turn, with the boot's account.
    /// </summary>
    internal async Task<PeerRecord> PeerRecordAsync(PeerScenario peer)
    {
        Require();
        await _run.Value;
        if (_broken is not null)
            Assert.Fail($"The real-kernel suite could not run: {_broken}");
        if (!_boots.TryGetValue(peer.Boot, out var boot))
            Assert.Fail($"The boot {peer.Boot} did not run.");
        var where = $"Boot {boot.Name} (run-vm.sh exit {boot.ExitCode}, {boot.Elapsed.TotalSeconds:0} s; console: {boot.OutFile}.console)";
        var record = boot.Output.Peer(peer.Id);
        if (record is null)
            Assert.Fail($"{where} recorded nothing for the peer scenario {peer.Id}.{Environment.NewLine}run-vm.sh said:{Environment.NewLine}{Tail(boot.Log)}");
        if (record.Turns.Count == 0)
            Assert.Fail($"{where}: the peer scenario {peer.Id} took no turn ({record.Status}): {record.Problem}");
        return record;
    }

    private static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux())
            return "the real-kernel suite needs Linux";
        if (!Environment.IsPrivilegedProcess)
            return "the real-kernel suite needs root (build-vm.sh installs packages and debootstraps the guest)";
        if (Programs.Find("qemu-system-x86_64") is null)
            return "the real-kernel suite needs qemu-system-x86_64 (Debian package qemu-system-x86)";
        return null;
    }

    private async Task<(int ExitCode, string Output)> Step(string name, string script, string[] args, Dictionary<string, string?> env, TimeSpan limit)
    {
        var started = _clock.Elapsed;
        await Console.Error.WriteLineAsync($"real-kernel: {name} …");
        var result = await RunProcess(Path.Combine(RepoRoot, script), args, env, limit);
        await File.WriteAllTextAsync(Path.Combine(ArtifactsDir, name.Replace(' ', '-').Replace('=', '-') + ".log"), result.Output);
        await Console.Error.WriteLineAsync($"real-kernel: {name} exit {result.ExitCode} after {(_clock.Elapsed - started).TotalSeconds:0} s");
        return result;
    }

    private static async Task<(int ExitCode, string Output)> RunProcess(string file, string[] args, Dictionary<string, string?> env, TimeSpan limit)
    {
        // The test host's MSBuild settings must not leak into the dotnet publish of prepare.sh.
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(k => k, string? (_) => null);
        foreach (var (key, value) in env)
            environment[key] = value;
        var result = await Programs.RunAsync(file, args, limit, environment, RepositoryRoot.Path);
        return (result.ExitCode, result.Output);
    }

    private static string Tail(string text, int lines = 30) =>
        string.Join(Environment.NewLine, text.Split('\n').Select(l => l.TrimEnd('\r')).TakeLast(lines));

    private static string? ReadOrNull(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    private sealed record BootRun(string Name, int ExitCode, GuestOutput Output, string Log, string OutFile, TimeSpan Elapsed);
}
