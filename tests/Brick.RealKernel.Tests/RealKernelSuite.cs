using System.Diagnostics;
using System.Text;
using Brick.Testing;

[assembly: AssemblyFixture(typeof(Brick.RealKernel.Tests.RealKernelSuite))]

namespace Brick.RealKernel.Tests;

/// <summary>
/// Builds the test VM of each guest of <c>scenarios.json</c> (<c>tests/vm/build-vm.sh --suite</c>, cached: Debian 12
/// and Debian 13), publishes the worker into the scenarios payload (<c>tests/vm/payloads/scenarios/prepare.sh</c>) and
/// boots each guest once per boot that runs something at the suite's size (<see cref="ScenarioCatalog.Runs"/>;
/// <c>tests/vm/run-vm.sh</c>, the kernel command line extended by the boot's arguments, <c>brick.boot=NAME</c>,
/// <c>brick.guest=NAME</c> and, at the CI size, <c>brick.only=ID,…</c>), side by side, once, when the first scenario or peer test asks for its record (the tests that need no VM do not wait
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

    internal string ArtifactsDir => Artifacts.File("real-kernel") ?? RepositoryRoot.Of("artifacts", "real-kernel");

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
            var runs = ScenarioCatalog.Current.Runs(SuiteSize.Current);
            var vmDirs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var guest in runs.Select(r => r.Guest).Distinct())
            {
                var vmDir = await VmDirectoryAsync(guest, primary: guest == ScenarioCatalog.Current.Guests[0]);
                vmDirs[guest.Name] = vmDir;
                _peers.ReadPackages(guest.Name, Path.Combine(vmDir, "packages.txt"));
                _table.Kernels[guest.Name] = ReadOrNull(Path.Combine(vmDir, "kernel-version"))?.Trim();
                _peers.Kernels[guest.Name] = _table.Kernels[guest.Name];
            }

            var payload = Path.Combine(ArtifactsDir, "payload");
            var prepare = await Step("prepare", "tests/vm/payloads/scenarios/prepare.sh", [payload], [], PublishLimit);
            if (prepare.ExitCode != 0)
                throw new InvalidOperationException($"prepare.sh exited {prepare.ExitCode}:{Environment.NewLine}{Tail(prepare.Output)}");

            // The boots side by side: the guests wait on timers and I/O much of the time, so even on 2 CPUs this took
            // 129 s against 239 s one after the other. BRICK_VM_PARALLEL=0 runs them one after the other.
            var parallel = Environment.GetEnvironmentVariable("BRICK_VM_PARALLEL") != "0";
            var starts = runs.Select(r => new Func<Task<BootRun>>(() => BootAsync(r, vmDirs[r.Guest.Name], payload)));
            var done = parallel ? await Task.WhenAll(starts.Select(start => start())) : await Sequential(starts);
            foreach (var boot in done)
            {
                _boots[boot.Name] = boot;
                _table.Boots.Add((boot.Name, boot.Elapsed, boot.ExitCode));
                if (boot.Output.Fact("uname-r") is { } kernel)
                {
                    _table.Kernels[boot.Guest] = kernel;
                    _peers.Kernels[boot.Guest] = kernel;
                }
            }
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
            await _table.WriteAsync();
            await _peers.WriteAsync();
        }
    }

    /// <summary>
    /// The VM directory of <paramref name="guest"/>: <c>BRICK_VM_DIR</c> for the first guest (as before there were two),
    /// <c>BRICK_VM_DIR_NAME</c> (e.g. <c>BRICK_VM_DIR_DEBIAN13</c>) for the others, as <c>.ci/setup.d/20-test-vm.sh</c>
    /// exports them; else <c>tests/vm/build-vm.sh --suite SUITE</c> builds or finds it.
    /// </summary>
    private async Task<string> VmDirectoryAsync(Guest guest, bool primary)
    {
        var variable = primary ? "BRICK_VM_DIR" : "BRICK_VM_DIR_" + guest.Name.ToUpperInvariant();
        var vmDir = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(vmDir) && File.Exists(Path.Combine(vmDir, ".complete")))
            return vmDir;
        var build = await Step($"build-vm {guest.Name}", "tests/vm/build-vm.sh", ["--suite", guest.Suite], [], BuildLimit);
        // build-vm.sh prints the directory last on its standard output (its log goes to standard error).
        vmDir = build.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (build.ExitCode != 0 || string.IsNullOrEmpty(vmDir))
            throw new InvalidOperationException($"tests/vm/build-vm.sh --suite {guest.Suite} exited {build.ExitCode}:{Environment.NewLine}{Tail(build.Output)}");
        return vmDir;
    }

    private static async Task<BootRun[]> Sequential(IEnumerable<Func<Task<BootRun>>> starts)
    {
        var list = new List<BootRun>();
        foreach (var start in starts)
            list.Add(await start());
        return [.. list];
    }

    private async Task<BootRun> BootAsync(GuestRun run, string vmDir, string payload)
    {
        var outFile = Path.Combine(ArtifactsDir, run.Name + ".out");
        var started = _clock.Elapsed;
        // Only this boot's ids: the kernel command line is at most 2 KiB.
        var ids = ScenarioCatalog.Current.ScenariosOf(run).Select(s => s.Id).Concat(ScenarioCatalog.Current.PeersOf(run).Select(p => p.Id));
        var only = run.Only is null ? "" : $" brick.only={string.Join(',', ids)}";
        var result = await Step($"boot {run.Name}", "tests/vm/run-vm.sh", [payload, outFile],
            new Dictionary<string, string?>
            {
                ["BRICK_VM_DIR"] = vmDir,
                ["BRICK_VM_APPEND"] = $"{run.Boot.Append} brick.boot={run.Boot.Name} brick.guest={run.Guest.Name}{only}".Trim(),
                ["BRICK_VM_TIMEOUT"] = BootLimitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            TimeSpan.FromSeconds(BootLimitSeconds + 60));
        var lines = File.Exists(outFile) ? await File.ReadAllLinesAsync(outFile) : [];
        return new BootRun(run.Name, run.Guest.Name, result.ExitCode, GuestOutput.Parse(lines), result.Output, outFile, _clock.Elapsed - started);
    }

    public async ValueTask DisposeAsync()
    {
        if (_run.IsValueCreated)
        {
            await _table.WriteAsync();
            await _peers.WriteAsync();
        }
    }

    /// <summary>Skips (outside CI) or fails (in CI) when the suite cannot run here.</summary>
    internal void Require()
    {
        if (_unavailable is not null)
            Prerequisite.Missing(_unavailable);
    }

    /// <summary>
    /// What the guest of <paramref name="run"/> recorded for <paramref name="scenario"/>, after the boots (the first call starts them); fails when
    /// the suite broke or the scenario has no worker run, with the boot's account.
    /// </summary>
    internal async Task<ScenarioRecord> RecordAsync(Scenario scenario, string run)
    {
        Require();
        await _run.Value;
        if (_broken is not null)
            Assert.Fail($"The real-kernel suite could not run: {_broken}");
        if (!_boots.TryGetValue(run, out var boot))
            Assert.Fail($"The boot {run} did not run.");
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
    /// What the guest of <paramref name="run"/> recorded for the peer scenario <paramref name="peer"/>, after the boots; fails when the suite broke
    /// or the scenario recorded no turn, with the boot's account.
    /// </summary>
    internal async Task<PeerRecord> PeerRecordAsync(PeerScenario peer, string run)
    {
        Require();
        await _run.Value;
        if (_broken is not null)
            Assert.Fail($"The real-kernel suite could not run: {_broken}");
        if (!_boots.TryGetValue(run, out var boot))
            Assert.Fail($"The boot {run} did not run.");
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

    private async Task<ProgramResult> Step(string name, string script, string[] args, Dictionary<string, string?> env, TimeSpan limit)
    {
        var started = _clock.Elapsed;
        await Console.Error.WriteLineAsync($"real-kernel: {name} …");
        var result = await RunProcess(Path.Combine(RepoRoot, script), args, env, limit);
        await File.WriteAllTextAsync(Path.Combine(ArtifactsDir, name.Replace(' ', '-').Replace('=', '-') + ".log"), result.Output);
        await Console.Error.WriteLineAsync($"real-kernel: {name} exit {result.ExitCode} after {(_clock.Elapsed - started).TotalSeconds:0} s");
        return result;
    }

    private static async Task<ProgramResult> RunProcess(string file, string[] args, Dictionary<string, string?> env, TimeSpan limit)
    {
        // The test host's MSBuild settings must not leak into the dotnet publish of prepare.sh.
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(k => k, string? (_) => null);
        foreach (var (key, value) in env)
            environment[key] = value;
        return await Programs.RunAsync(file, args, limit, environment, RepositoryRoot.Path);
    }

    private static string Tail(string text, int lines = 30) =>
        string.Join(Environment.NewLine, text.Split('\n').Select(l => l.TrimEnd('\r')).TakeLast(lines));

    private static string? ReadOrNull(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    private sealed record BootRun(string Name, string Guest, int ExitCode, GuestOutput Output, string Log, string OutFile, TimeSpan Elapsed);
}
