using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Brick.Contracts;
using Brick.Testing;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Brick.Chain.Tests;

/// <summary>
/// The whole chain on real parts: a loop device of this machine's kernel is the volume; a QEMU guest (software
/// emulation, the Debian kernel of the real-kernel suite) has it as its virtio disk; <c>brick-worker run</c> (real
/// roots, the <c>local</c> type) and <c>brick-worker blockresize</c> run as processes on a real broker. The backing
/// file grows, a <c>VolumeExtended</c> is published, and the test passes only when the guest's own kernel prints the
/// new size of its disk. Each hop's time is printed (and written to <c>artifacts/chain-results.md</c>). Once with the
/// QMP backend, once through libvirt.
/// </summary>
public sealed class ChainTests(ChainTests.SharedBroker shared, ITestOutputHelper output) : IClassFixture<ChainTests.SharedBroker>
{
    private const long Initial = 64L << 20;
    private const long Grown = 96L << 20;
    private const long NovaGrown = 128L << 20;
    private static readonly TimeSpan BootLimit = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan HopLimit = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public Task The_guest_kernel_sees_the_grown_volume_through_qmp() => RunAsync(libvirt: false);

    [Fact]
    public Task The_guest_kernel_sees_the_grown_volume_through_libvirt() => RunAsync(libvirt: true);

    private async Task RunAsync(bool libvirt)
    {
        Prerequisite.Require(Environment.IsPrivilegedProcess, "The chain test needs root (a loop device, QEMU on it); CI runs it as root.");
        Prerequisite.Require(Programs.Exists("qemu-system-x86_64") && Programs.Exists("losetup"),
            "The chain test needs qemu-system-x86_64 and losetup (Debian: qemu-system-x86, util-linux; .ci/setup.d/20-test-vm.sh installs QEMU).");
        var vmDirectory = ChainVm.Directory(out var noVm);
        Prerequisite.Require(vmDirectory is not null, noVm!);
        if (libvirt && await LibvirtGuest.UnavailableAsync() is { } noLibvirt)
            Prerequisite.Missing(noLibvirt);
        if (libvirt && await NovaPath.UnavailableAsync() is { } noOsBrick)
            Prerequisite.Missing(noOsBrick);

        var backend = libvirt ? "libvirt" : "qmp";
        var host = $"chain-{backend}";
        var work = Directory.CreateTempSubdirectory("brick-chain-");
        var qmpDirectory = Directory.CreateDirectory(Path.Combine(work.FullName, "qmp")).FullName;
        var workers = new List<(string Name, WorkerProcess Process)>();
        string Logs() => string.Join(Environment.NewLine, workers.SelectMany(w => w.Process.Lines.TakeLast(40).Select(l => $"[{w.Name}] {l}")));
        try
        {
            var vm = await ChainVm.PrepareAsync(vmDirectory);
            await using var volume = await LoopVolume.CreateAsync(work.FullName, Initial);
            var clock = Stopwatch.StartNew();
            await using IAsyncDisposable guest = libvirt
                ? await LibvirtGuest.StartAsync(vm, volume.Device)
                : QemuGuest.Start(vm, volume.Device, qmpDirectory, Path.Combine(work.FullName, "console.log"));
            var console = guest is LibvirtGuest l ? l.Console : ((QemuGuest)guest).Console;

            // The broker starts while the guest boots (the first test starts it; the second finds it up).
            ChainBroker broker;
            try
            {
                broker = await shared.GetAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Prerequisite.Missing($"No RabbitMQ container for the chain test (start Docker; BRICK_TEST_RABBITMQ_IMAGE={RabbitImage()}): {e.GetBaseException().Message}");
                return;
            }

            output.WriteLine($"broker up at {clock.Elapsed.TotalSeconds:F1} s");

            workers.Add(("run", WorkerProcess.Start(["run", "--host", host, "--broker", broker.Uri, "--queue-type", "Classic"])));
            workers.Add(("blockresize", WorkerProcess.Start(["blockresize", "--host", host, "--broker", broker.Uri, "--queue-type", "Classic",
                .. libvirt ? (string[])["--libvirt", LibvirtGuest.Uri] : ["--qmp-dir", qmpDirectory]])));
            await broker.ListenAsync(host, clock, Cancel);

            var booted = await console.WaitForDiskAsync(b => b == Initial, BootLimit, clock, Cancel);
            output.WriteLine($"guest booted at {booted.At.TotalSeconds:F1} s");
            await broker.WaitForConsumerAsync(EntityNames.WorkerQueue(host), HopLimit, Logs, Cancel);
            await broker.WaitForConsumerAsync(EntityNames.BlockresizeQueue(host), HopLimit, Logs, Cancel);

            await volume.GrowAsync(Grown);
            var published = clock.Elapsed;
            await broker.PublishAsync(new VolumeExtended("vol-chain", host, null, Grown,
                VolumeConnection.From("local", new Dictionary<string, string> { ["device_path"] = volume.Device })), Cancel);

            var hostResized = await broker.WaitForAsync(EntityNames.HostVolumeResizedExchange, m => Of(m, host) && m.GetProperty("newSizeBytes").GetInt64() == Grown, HopLimit, Logs, Cancel);
            var guestResized = await broker.WaitForAsync(EntityNames.GuestDiskResizedExchange, m => Of(m, host) && m.GetProperty("sizeBytes").GetInt64() == Grown, HopLimit, Logs, Cancel);
            var seen = await console.WaitForDiskAsync(b => b == Grown, HopLimit, clock, Cancel);

            Assert.Equal(volume.Device, hostResized.Message.GetProperty("devicePath").GetString());
            Assert.Equal(Grown, volume.KernelSizeBytes());
            Assert.Equal((libvirt ? "vda" : "disk0", Initial), (guestResized.Message.GetProperty("disk").GetString(), guestResized.Message.GetProperty("previousSizeBytes").GetInt64()));
            Assert.Equal(Grown, seen.Bytes);

            Report(backend, booted.At, published, hostResized.At, guestResized.At, seen.At);

            // Nova's own path on the same guest, after brick-worker's: measured and printed, never judged.
            if (guest is LibvirtGuest domain)
            {
                var nova = await NovaPath.RunAsync(domain, volume, NovaGrown, work.FullName, clock, HopLimit, Cancel);
                ReportNova(booted.At, nova);
                if (nova.GuestSees is null)
                {
                    var (blockresize, guestSees) = await NovaPath.BlockresizeAloneAsync(domain, volume, NovaGrown, clock, HopLimit, Cancel);
                    Append($"| libvirt, Nova's `virsh blockresize` alone (host resized by hand: `losetup --set-capacity`) | {Ms(booted.At)} | (by hand) | {Ms(blockresize)} | {Ms(guestSees)} | {Ms(blockresize + guestSees)} (hypervisor hop and guest) |");
                    output.WriteLine($"chain (Nova's blockresize alone): {Ms(blockresize)} ms, guest sees {Ms(guestSees)} ms later");
                }
            }
        }
        catch
        {
            output.WriteLine(Logs());
            throw;
        }
        finally
        {
            foreach (var worker in workers)
                await worker.Process.DisposeAsync();
            work.Delete(recursive: true);
        }
    }

    private void Report(string backend, TimeSpan booted, TimeSpan published, TimeSpan hostResized, TimeSpan hypervisorResized, TimeSpan guestSees)
    {
        var line = $"| {backend} | {Ms(booted)} | {Ms(hostResized - published)} | {Ms(hypervisorResized - hostResized)} | {Ms(guestSees - hypervisorResized)} | {Ms(guestSees - published)} |";
        output.WriteLine($"chain ({backend}): guest booted {Ms(booted)} ms; published → host resized {Ms(hostResized - published)} ms → hypervisor resized {Ms(hypervisorResized - hostResized)} ms → guest sees {Ms(guestSees - hypervisorResized)} ms; total {Ms(guestSees - published)} ms");
        Append(line);
    }

    /// <summary>Nova's path as a row of the same table: its host step is os-brick's <c>extend_volume</c> (a process, as Nova's is a call in its own), its hypervisor step <c>virsh blockresize</c>.</summary>
    private void ReportNova(TimeSpan booted, NovaPathResult nova)
    {
        var host = $"{Ms(nova.OsBrickDone - nova.Started)} (os-brick {Cell(nova.OsBrick)})";
        var hypervisor = nova.Blockresized is { } b ? Ms(b - nova.OsBrickDone) : "not reached";
        var guest = nova.GuestSees is { } g && nova.Blockresized is { } b2 ? Ms(g - b2) : "never";
        var total = nova.GuestSees is { } g2 ? Ms(g2 - nova.Started) : $"— ({Cell(nova.Stopped ?? "stopped")})";
        var line = $"| libvirt, Nova's path (os-brick `extend_volume`, then `virsh blockresize`) | {Ms(booted)} | {host} | {hypervisor} | {guest} | {total} |";
        output.WriteLine($"chain (Nova's path): os-brick {nova.OsBrick} after {Ms(nova.OsBrickDone - nova.Started)} ms; blockresize {hypervisor}; guest sees {guest}; {nova.Stopped ?? "done"}");
        Append(line);
    }

    private static void Append(string line)
    {
        Console.WriteLine($"CHAIN {line}");
        if (Artifacts.File("chain-results.md") is { } file)
        {
            if (!File.Exists(file))
                File.WriteAllText(file, "| backend | guest boot (ms) | published → host resized (ms) | → hypervisor resized (ms) | → guest kernel sees (ms) | total (ms) |\n|---|---|---|---|---|---|\n", new UTF8Encoding(false));
            File.AppendAllText(file, line + "\n", new UTF8Encoding(false));
        }
    }

    private static string Ms(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private static string Cell(string text)
    {
        var flat = text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
        return flat.Length <= 120 ? flat : flat[..120] + "…";
    }

    private static bool Of(JsonElement message, string host) => message.GetProperty("host").GetString() == host;

    private static string RabbitImage() => Environment.GetEnvironmentVariable("BRICK_TEST_RABBITMQ_IMAGE") ?? "(unset)";

    /// <summary>One broker for both chains, started on first use (after the test's prerequisites) and removed at the end.</summary>
    public sealed class SharedBroker : IAsyncDisposable
    {
        private readonly Lazy<Task<ChainBroker>> _broker = new(() => ChainBroker.StartAsync(CancellationToken.None));

        internal Task<ChainBroker> GetAsync() => _broker.Value;

        public async ValueTask DisposeAsync()
        {
            if (_broker.IsValueCreated && _broker.Value.IsCompletedSuccessfully)
                await (await _broker.Value).DisposeAsync();
        }
    }
}
