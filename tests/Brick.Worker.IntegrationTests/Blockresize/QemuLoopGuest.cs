using System.Diagnostics;
using System.Text.Json.Nodes;
using Brick.Testing;
using Brick.Virt.Qmp;

namespace Brick.Worker.IntegrationTests.Blockresize;

/// <summary>
/// A real QEMU (no machine, never started: its block layer and monitor are all blockresize talks to) whose one drive,
/// <c>disk0</c>, is an image of <c>format</c> written onto a loop device of this machine's kernel, over a sparse file
/// of its own; its QMP socket in the directory blockresize reads.
/// </summary>
internal sealed class QemuLoopGuest : IAsyncDisposable
{
    private readonly Process _qemu;
    private readonly string _file;

    private QemuLoopGuest(Process qemu, string file, string device, string socket)
    {
        _qemu = qemu;
        _file = file;
        Device = device;
        Socket = socket;
    }

    /// <summary>The loop device, e.g. <c>/dev/loop3</c>.</summary>
    public string Device { get; }

    /// <summary>The monitor's socket.</summary>
    public string Socket { get; }

    /// <summary>Skips (or, in CI, fails) a test where this machine cannot run one.</summary>
    public static void Require()
    {
        Prerequisite.Require(Environment.IsPrivilegedProcess, "This test needs root (a loop device, QEMU on it); CI runs it as root.");
        Prerequisite.Require(Programs.Exists("qemu-system-x86_64") && Programs.Exists("qemu-img") && Programs.Exists("losetup"),
            "This test needs qemu-system-x86_64, qemu-img and losetup (Debian: qemu-system-x86, qemu-utils, util-linux).");
    }

    /// <summary>A loop device of <paramref name="deviceBytes"/> holding a <paramref name="format"/> image of <paramref name="imageBytes"/> (raw: the whole device), and QEMU on it.</summary>
    public static async Task<QemuLoopGuest> StartAsync(string qmpDirectory, string name, string format, long deviceBytes, long? imageBytes = null)
    {
        var file = Path.Combine(Path.GetTempPath(), $"brick-it-{name}-{Guid.NewGuid():N}.img");
        await using (var stream = File.Create(file))
            stream.SetLength(deviceBytes);
        var device = (await RunAsync("losetup", ["--find", "--show", file])).Trim();
        try
        {
            if (format != "raw")
                await RunAsync("qemu-img", ["create", "-f", format, device, $"{imageBytes ?? deviceBytes}"]);
            var socket = Path.Combine(qmpDirectory, name + ".qmp");
            var start = new ProcessStartInfo("qemu-system-x86_64") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            foreach (var argument in (string[])["-machine", "none", "-nodefaults", "-display", "none", "-S",
                "-drive", $"file={device},format={format},if=none,id=disk0", "-qmp", $"unix:{socket},server=on,wait=off"])
                start.ArgumentList.Add(argument);
            var qemu = Process.Start(start) ?? throw new InvalidOperationException("qemu-system-x86_64 did not start.");
            qemu.OutputDataReceived += (_, _) => { };
            qemu.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"qemu: {e.Data}"); };
            qemu.BeginOutputReadLine();
            qemu.BeginErrorReadLine();
            var guest = new QemuLoopGuest(qemu, file, device, socket);
            for (var i = 0; i < 100 && !File.Exists(socket); i++)
                await Task.Delay(100, TestContext.Current.CancellationToken);
            return guest;
        }
        catch
        {
            await RunAsync("losetup", ["--detach", device], check: false);
            File.Delete(file);
            throw;
        }
    }

    /// <summary>The disk's size as QEMU shows it now (<c>query-block</c>'s <c>virtual-size</c>).</summary>
    public async Task<long> VirtualSizeAsync()
    {
        await using var qmp = await QmpConnection.OpenAsync(Socket, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var blocks = (JsonArray)(await qmp.ExecuteAsync("query-block", null, TestContext.Current.CancellationToken))!;
        return blocks.Single(b => b!["device"]!.GetValue<string>() == "disk0")!["inserted"]!["image"]!["virtual-size"]!.GetValue<long>();
    }

    /// <summary>Grows the file behind the loop device; the kernel's device keeps its size until <see cref="SetCapacityAsync"/>.</summary>
    public async Task GrowFileAsync(long bytes)
    {
        await using var stream = new FileStream(_file, FileMode.Open, FileAccess.Write);
        stream.SetLength(bytes);
    }

    /// <summary><c>losetup --set-capacity</c>: the kernel's device takes the file's size (what <c>run</c> does for a loop volume).</summary>
    public Task SetCapacityAsync() => RunAsync("losetup", ["--set-capacity", Device]);

    public async ValueTask DisposeAsync()
    {
        if (!_qemu.HasExited)
            _qemu.Kill(entireProcessTree: true);
        await _qemu.WaitForExitAsync();
        _qemu.Dispose();
        await RunAsync("losetup", ["--detach", Device], check: false);
        File.Delete(_file);
        File.Delete(Socket);
    }

    private static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, bool check = true)
    {
        var result = await Programs.RunAsync(program, arguments, TimeSpan.FromSeconds(30));
        return (check ? result.Succeeded() : result).Stdout;
    }
}
