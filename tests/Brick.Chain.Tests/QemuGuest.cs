using System.Diagnostics;

namespace Brick.Chain.Tests;

/// <summary>
/// A QEMU guest started directly (software emulation, as seen working here): the loop device as its virtio disk
/// <c>disk0</c>, its monitor on <c>QMP_DIR/chain-guest.qmp</c>, its serial console in a file.
/// </summary>
internal sealed class QemuGuest : IAsyncDisposable
{
    private readonly Process _process;

    private QemuGuest(Process process, SerialConsole console)
    {
        _process = process;
        Console = console;
    }

    public SerialConsole Console { get; }

    public static QemuGuest Start(ChainVm vm, string disk, string qmpDirectory, string consoleFile)
    {
        var start = new ProcessStartInfo("qemu-system-x86_64") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in (string[])[
            "-machine", "q35", "-accel", "tcg", "-cpu", "max", "-m", "192", "-smp", "1",
            "-display", "none", "-nodefaults", "-no-reboot", "-nic", "none",
            "-serial", $"file:{consoleFile}",
            "-kernel", vm.Kernel, "-initrd", vm.Initramfs, "-append", ChainVm.CommandLine,
            "-drive", $"file={disk},format=raw,if=virtio,id=disk0",
            "-qmp", $"unix:{Path.Combine(qmpDirectory, "chain-guest.qmp")},server=on,wait=off",
        ])
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("qemu-system-x86_64 did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) global::System.Console.Error.WriteLine($"qemu: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new QemuGuest(process, new SerialConsole(consoleFile));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
