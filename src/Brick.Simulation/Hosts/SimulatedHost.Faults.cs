using System.Collections.Concurrent;
using CliWrap;

namespace Brick.Simulation.Hosts;

public sealed partial class SimulatedHost
{
    private readonly ConcurrentDictionary<string, Action> _rescanFaults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FileStream> _openedFifos = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _blockedRescans = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes the SCSI path's <c>device/rescan</c> a FIFO: a write to it blocks in <c>open</c> until
    /// <see cref="ReleaseRescans"/> (or the host's disposal), as a rescan stuck in the kernel behind SCSI command
    /// time-outs and retries does. The simulated kernel sees no rescan of the path meanwhile.
    /// </summary>
    public void BlockRescans(string path)
    {
        var file = _tree.Path(Path.Combine(ScsiPath(path).DeviceDir, "rescan"));
        // Marked before the attribute is replaced, so that the simulated kernel does not watch the FIFO meanwhile.
        _blockedRescans[path] = true;
        File.Delete(file);
        // An argument array through CliWrap, as every command; a non-zero exit throws, naming it.
        Cli.Wrap("mkfifo").WithArguments(["-m", "0600", file]).ExecuteAsync(CancellationToken.None).Task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Lets writes blocked by <see cref="BlockRescans"/> return (the FIFO gets a reader), and puts an ordinary
    /// <c>rescan</c> attribute back, which the simulated kernel sees again.
    /// </summary>
    public void ReleaseRescans(string path)
    {
        var file = _tree.Path(Path.Combine(ScsiPath(path).DeviceDir, "rescan"));
        if (!_blockedRescans.TryUpdate(path, false, true))
            return;
        // Opening a FIFO for reading and writing never blocks on Linux, and counts as its reader: a writer blocked in
        // open() goes on, its "1" lands in the pipe. The writer holds the FIFO itself, so its name can be replaced now.
        _openedFifos.GetOrAdd(file, f => new FileStream(f, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1));
        File.Delete(file);
        File.WriteAllText(file, "");
        _blockedRescans.TryRemove(path, out _);
    }

    /// <summary>Whether <paramref name="path"/>'s <c>rescan</c> attribute is a FIFO now (blocked, or being put back).</summary>
    internal bool RescansBlocked(string path) => _blockedRescans.ContainsKey(path);

    /// <summary>
    /// Runs <paramref name="fault"/> once, on the simulated kernel's thread, when it sees the next rescan written to
    /// <paramref name="device"/> (a SCSI path or an NVMe controller), after the kernel has handled that rescan.
    /// </summary>
    public void WhenRescanned(string device, Action fault) => _rescanFaults[device] = fault;

    /// <summary>Writes <paramref name="text"/> into a block device's <c>size</c> (garbage, or a number no kernel writes).</summary>
    public void SetSizeText(string device, string text) => _tree.ReplaceFile($"{_blockDirs[device]}/size", text);

    /// <summary>Removes a block device's <c>size</c>, as when the device goes away under a reader.</summary>
    public void RemoveSize(string device) => _tree.Delete($"{_blockDirs[device]}/size");

    /// <summary>Makes a SCSI path report another WWID (<c>device/wwid</c>), as when the array maps another LUN behind it.</summary>
    public void ChangeWwid(string path, string wwid) =>
        _tree.ReplaceFile(Path.Combine(ScsiPath(path).DeviceDir, "wwid"), "naa." + wwid[1..] + "\n");

    /// <summary>Makes a SCSI path report no WWID at all (no <c>device/wwid</c>, no VPD page 0x83).</summary>
    public void RemoveWwid(string path) => _tree.Delete(Path.Combine(ScsiPath(path).DeviceDir, "wwid"));

    /// <summary>Writes <paramref name="uuid"/> into a device-mapper device's <c>dm/uuid</c> (another map or mapping behind the same name).</summary>
    public void SetDmUuid(string device, string uuid) => _tree.ReplaceFile($"{_blockDirs[device]}/dm/uuid", uuid + "\n");

    /// <summary>Truncates a loop device's backing file to <paramref name="bytes"/>; the device keeps its size until its capacity is set.</summary>
    public void TruncateBackingFile(string loop, long bytes)
    {
        using var file = new FileStream(LoopBackingFile(loop), FileMode.Open, FileAccess.Write);
        file.SetLength(bytes);
    }

    /// <summary>
    /// Puts another file of <paramref name="bytes"/> at the path of a loop device's backing file (what the worker sees in
    /// another mount namespace, under a mount over the file, or after the file was replaced): the kernel keeps the file it
    /// holds (moved aside here, with its inode and size), <c>loop/backing_file</c> still names the path, and growing the
    /// LUN grows the new file.
    /// </summary>
    public void ReplaceBackingFile(string loop, long bytes)
    {
        var path = LoopBackingFile(loop);
        var held = path + ".held";
        File.Move(path, held);
        _loopKernelFiles[loop] = held;
        using var file = File.Create(path);
        file.SetLength(bytes);
    }

    /// <summary>The fault to run for a rescan of <paramref name="device"/>, taken once.</summary>
    internal Action? TakeRescanFault(string device) => _rescanFaults.TryRemove(device, out var fault) ? fault : null;

    /// <summary>Lets every blocked rescan write return, so that no thread stays stuck after the host is gone.</summary>
    private void ReleaseBlockedRescans()
    {
        foreach (var path in _blockedRescans.Keys)
        {
            try
            {
                ReleaseRescans(path);
            }
            catch (InvalidOperationException)
            {
                // The path was removed meanwhile.
            }
        }

        foreach (var opened in _openedFifos.Values)
            opened.Dispose();
        _openedFifos.Clear();
    }
}
