using Brick.Contracts;
using Brick.Simulation.Devices;

namespace Brick.Simulation.Hosts;

public sealed partial class SimulatedHost
{
    // The file each loop device holds, as the kernel does (by inode, not by path): its backing file until replaced.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _loopKernelFiles = new(StringComparer.Ordinal);

    /// <summary>
    /// Attaches a loop device over a backing file (its LUN), a sparse file in the host's tree whose path
    /// <c>loop/backing_file</c> gives: grow the LUN to play <c>truncate</c>, which grows the file.
    /// </summary>
    public SimulatedVolume AddLoopVolume(long sizeBytes) => AddLoopVolume(sizeBytes, null);

    /// <summary>
    /// Attaches a loop device named for <paramref name="devicePath"/> when that is <c>/dev/loopN</c>; otherwise the next
    /// loop device, with <paramref name="devicePath"/> (a path under <c>/dev</c>) a link to it, as udev makes them.
    /// </summary>
    public SimulatedVolume AddLoopVolume(long sizeBytes, string? devicePath)
    {
        string name;
        lock (_loops)
        {
            var asked = devicePath is null ? null : System.Text.RegularExpressions.Regex.Match(devicePath, @"^/dev/loop(\d{1,6})\z");
            if (asked is { Success: true } && !_blockDirs.ContainsKey(devicePath![5..]))
            {
                name = devicePath[5..];
                _nextLoop = Math.Max(_nextLoop, int.Parse(asked.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1);
            }
            else
            {
                do
                    name = $"loop{_nextLoop++}";
                while (_blockDirs.ContainsKey(name));
            }
        }

        var lun = new SimulatedLun($"loop-{name}", sizeBytes);
        var dir = $"sys/devices/virtual/block/{name}";
        AddBlock(name, dir, sizeBytes);
        var backing = LoopBackingFile(name);
        _tree.Dir("var/lib/brick");
        using (var file = File.Create(backing))
            file.SetLength(sizeBytes);
        lun.Grown = size =>
        {
            using var file = new FileStream(backing, FileMode.Open, FileAccess.Write);
            file.SetLength(size);
        };
        _tree.File($"{dir}/loop/backing_file", backing + "\n");
        _loopKernelFiles[name] = backing;
        lock (_loops)
            _loops.Add(new SimulatedLoop(name, lun, $"{dir}/size"));
        if (devicePath is not null && devicePath != $"/dev/{name}")
            _tree.Link(devicePath[1..], $"dev/{name}");
        return new SimulatedVolume(lun, [name], null, null,
            VolumeConnection.From("local", new Dictionary<string, object> { ["device_path"] = devicePath ?? $"/dev/{name}" }));
    }

    /// <summary>The backing file of loop device <paramref name="loop"/>, in the host's tree.</summary>
    internal string LoopBackingFile(string loop) => _tree.Path($"var/lib/brick/{loop}.img");

    /// <summary>
    /// The file the kernel holds for loop device <paramref name="loop"/>: its backing file, or after
    /// <see cref="ReplaceBackingFile"/> the file that was at that path (moved aside, so that it keeps its inode).
    /// </summary>
    internal string LoopKernelFile(string loop) => _loopKernelFiles.TryGetValue(loop, out var file) ? file : LoopBackingFile(loop);

    /// <summary>
    /// Opens a LUKS2 mapping <paramref name="name"/> on <paramref name="baseDevice"/> (a map, an NVMe head or a path), with a
    /// data offset of 33280 sectors (LUKS2's default). When <paramref name="requiresKey"/>, <c>cryptsetup resize</c> fails unless given a key file.
    /// </summary>
    public string AddCrypt(string baseDevice, string name = "crypt-vol", bool requiresKey = false)
    {
        const long offset = 33280 * 512; // LUKS2's 16 MiB header + 256 KiB, as seen on the real kernel
        var device = $"dm-{_nextDm++}";
        var dir = $"sys/devices/virtual/block/{device}";
        AddBlock(device, dir, SizeOf(baseDevice) - offset);
        _tree.File($"{dir}/dm/uuid", $"CRYPT-LUKS2-{Convert.ToHexStringLower(BitConverter.GetBytes(_random.NextInt64()))}{new string('0', 16)}-{name}\n");
        _tree.File($"{dir}/dm/name", name + "\n");
        Stack(baseDevice, device);
        _tree.Link($"dev/mapper/{name}", $"dev/{device}");
        lock (_crypts)
            _crypts.Add(new SimulatedCrypt(device, name, baseDevice, offset, requiresKey, $"{dir}/size"));
        return device;
    }
}
