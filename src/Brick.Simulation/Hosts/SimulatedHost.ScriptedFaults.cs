using System.Collections.Concurrent;
using Brick.Simulation.Devices;
using Brick.Simulation.Multipathd;

namespace Brick.Simulation.Hosts;

/// <summary>
/// The faults a volume of the simulated host can be given and taken back: each is a change of the tree or of a
/// simulated program's answers, which the engine meets as it would meet the real one.
/// </summary>
public sealed partial class SimulatedHost
{
    private readonly ConcurrentDictionary<string, MultipathdReply> _mapReplies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> _deviceLatency = new(StringComparer.Ordinal);

    /// <summary>
    /// What <c>multipathd resize map</c> answers for the map <paramref name="map"/> (<c>dm-N</c>) from now on, before the
    /// host-wide <see cref="Multipathd"/> script; null: the script's answer again.
    /// </summary>
    internal void SetMultipathdReply(string map, MultipathdReply? reply)
    {
        if (reply is { } answer)
            _mapReplies[map] = answer;
        else
            _mapReplies.TryRemove(map, out _);
    }

    /// <summary>
    /// How long each simulated program takes to answer a call that names <paramref name="device"/> (<c>/dev/dm-0</c>,
    /// <c>/dev/loop1</c>, a crypt mapping's name), on top of <see cref="ProgramLatency"/>; zero: no more than that.
    /// </summary>
    internal void SetDeviceLatency(string device, TimeSpan latency)
    {
        if (latency > TimeSpan.Zero)
            _deviceLatency[device] = latency;
        else
            _deviceLatency.TryRemove(device, out _);
    }

    /// <summary>
    /// Takes the volume's first path away (a SCSI path logged out, the NVMe controller reconnecting, the loop device's
    /// node gone), or brings it back.
    /// </summary>
    internal void SetPathMissing(SimulatedVolume volume, bool missing)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var first = volume.Paths[0];
        if (IsScsiPath(first) || _removedPaths.ContainsKey(first))
        {
            var present = ScsiPaths.Any(p => p.Name == first);
            if (missing && present)
                RemovePath(first);
            else if (!missing && !present)
                RestorePath(first);
        }
        else if (Controllers.FirstOrDefault(c => c.Namespaces.Any(n => n.Name == first)) is { } controller)
        {
            SetControllerState(controller.Name, missing ? "connecting" : "live");
        }
        else if (Loops.Any(l => l.Name == first))
        {
            if (missing)
                _tree.Delete($"dev/{first}");
            else
                _tree.File($"dev/{first}", "");
        }
    }

    /// <summary>Makes the volume's first SCSI path report another WWID, or its own again; false where the volume has no SCSI path.</summary>
    internal bool SetWwidWrong(SimulatedVolume volume, bool wrong)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (ScsiPaths.FirstOrDefault(p => p.Name == volume.Paths[0]) is not { } path)
            return false;
        var own = path.Lun.Wwid;
        var wwid = !wrong ? own : own[..^1] + (own[^1] == '0' ? "1" : "0");
        _tree.File(Path.Combine(path.DeviceDir, "wwid"), KernelWwid(wwid) + "\n");
        return true;
    }

    /// <summary>Whether the kernel applies a new capacity on the volume's SCSI paths when rescanned (and after <paramref name="delay"/>).</summary>
    internal void SetRescansSeen(SimulatedVolume volume, bool seen, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(volume);
        foreach (var path in ScsiPaths.Where(p => volume.Paths.Contains(p.Name)))
            path.Behaviour = !seen ? PathBehaviour.Never : delay > TimeSpan.Zero ? PathBehaviour.Delayed(delay) : PathBehaviour.Prompt;
    }

    /// <summary>
    /// Whether <c>cryptsetup resize</c> of the LUKS mapping on the volume's device needs a key; a volume without one gets
    /// one when it is first asked to. Returns the mapping's name.
    /// </summary>
    internal string SetCryptKeyRequired(SimulatedVolume volume, bool required)
    {
        ArgumentNullException.ThrowIfNull(volume);
        lock (_crypts)
        {
            var index = _crypts.FindIndex(c => c.Base == volume.GuestDevice);
            if (index >= 0)
            {
                _crypts[index] = _crypts[index] with { RequiresKey = required };
                return _crypts[index].Name;
            }
        }

        if (!required)
            return "";
        var name = $"crypt-{volume.GuestDevice}";
        AddCrypt(volume.GuestDevice, name, requiresKey: true);
        return name;
    }

    /// <summary>The LUKS mapping name on the volume's device, or null.</summary>
    internal string? CryptOf(SimulatedVolume volume) => Crypts.FirstOrDefault(c => c.Base == volume?.GuestDevice)?.Name;

    /// <summary>Whether a path under <c>/dev</c> exists in the tree (a node or a link).</summary>
    internal bool HasDevicePath(string devicePath)
    {
        var full = _tree.Path(devicePath.TrimStart('/'));
        return File.Exists(full) || System.IO.Directory.Exists(full) || new FileInfo(full).LinkTarget is not null;
    }

    internal MultipathdReply? MultipathdReplyFor(string map) => _mapReplies.TryGetValue(map, out var reply) ? reply : null;

    /// <summary>The latency of a call with <paramref name="args"/>: the largest of the devices it names.</summary>
    internal TimeSpan LatencyFor(IReadOnlyList<string> args) =>
        _deviceLatency.IsEmpty ? TimeSpan.Zero
        : args.Select(a => _deviceLatency.TryGetValue(a.StartsWith("/dev/", StringComparison.Ordinal) ? a[5..] : a, out var l) ? l : TimeSpan.Zero)
            .DefaultIfEmpty(TimeSpan.Zero).Max();

    private bool IsScsiPath(string name) => ScsiPaths.Any(p => p.Name == name);
}
