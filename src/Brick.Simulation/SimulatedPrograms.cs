using System.Globalization;

namespace Brick.Simulation;

/// <summary>What the simulated <c>multipathd</c>, <c>cryptsetup</c> and <c>losetup</c> do and print.</summary>
internal static class SimulatedPrograms
{
    public static async Task<(int, string, string)> MultipathdAsync(SimulatedHost host, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args is ["add", "path", var added])
        {
            host.Multipathd.Count();
            return AddPath(host, added);
        }

        if (args is not ["resize", "map", var device])
            return (1, "", "simulated multipathd: only 'resize map DEVICE' and 'add path NAME' are known\n");

        var reply = host.Multipathd.Next();
        var map = host.Maps.FirstOrDefault(m => "/dev/" + m.Name == device);
        switch (reply)
        {
            case MultipathdReply.Hang:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return (1, "", "");
            case MultipathdReply.Fail:
                return (1, "fail\n", "");
            case MultipathdReply.Timeout:
                return (1, "timeout\n", "");
            case MultipathdReply.OkWithoutResize:
                return (0, "ok\n", "");
        }

        if (map is null)
            return (1, "fail\n", "");
        var sizes = map.Slaves.Select(host.SizeOf).Distinct().ToList();
        if (sizes.Count != 1)
            return (1, "fail\n", "");
        host.WriteSize(map.SizeFile, sizes[0]);
        return (0, "ok\n", "");
    }

    /// <summary>As multipathd 0.9: a path joins the map of its WWID only when its size is the map's.</summary>
    private static (int, string, string) AddPath(SimulatedHost host, string name)
    {
        var path = host.ScsiPaths.FirstOrDefault(p => p.Name == name);
        var map = path is null ? null : host.Maps.FirstOrDefault(m => m.Wwid == path.Lun.Wwid);
        if (path is null || map is null || host.SizeOf(name) != host.SizeOf(map.Name))
            return (1, "fail\n", "");
        if (!map.Slaves.Contains(name))
            host.JoinMap(map, name);
        return (0, "ok\n", "");
    }

    public static (int, string, string) Cryptsetup(SimulatedHost host, IReadOnlyList<string> args)
    {
        var crypt = args.Count >= 2 ? host.Crypts.FirstOrDefault(c => c.Name == args[1]) : null;
        if (crypt is null)
            return (4, "", $"Device {(args.Count >= 2 ? args[1] : "")} not found\n");
        switch (args[0])
        {
            case "status":
                var sectors = host.ReadSize(crypt.SizeFile) / 512;
                return (0, string.Create(CultureInfo.InvariantCulture,
                    $"/dev/mapper/{crypt.Name} is active.\n  type:    LUKS2\n  cipher:  aes-xts-plain64\n  keysize: 512 bits\n  key location: {(crypt.RequiresKey ? "keyring" : "dm-crypt")}\n  device:  /dev/{crypt.Base}\n  sector size:  512\n  offset:  {crypt.OffsetBytes / 512} sectors\n  size:    {sectors} sectors\n  mode:    read/write\n"), "");
            case "resize":
                if (crypt.RequiresKey && !args.Contains("--key-file"))
                    return (1, "", "Nothing to read on input.\n");
                host.WriteSize(crypt.SizeFile, host.SizeOf(crypt.Base) - crypt.OffsetBytes);
                return (0, "", "");
            default:
                return (1, "", $"simulated cryptsetup: unknown action {args[0]}\n");
        }
    }

    public static (int, string, string) Losetup(SimulatedHost host, IReadOnlyList<string> args)
    {
        var loop = args is ["--set-capacity", var device] ? host.Loops.FirstOrDefault(l => "/dev/" + l.Name == device) : null;
        if (loop is null)
            return (1, "", $"losetup: {string.Join(' ', args)}: failed to set up loop device\n");
        host.WriteSize(loop.SizeFile, loop.Backing.SizeBytes);
        return (0, "", "");
    }
}
