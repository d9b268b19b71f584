using System.Globalization;
using Brick.Engine.Programs;
using Brick.Simulation.Files;
using Brick.Simulation.Multipathd;

namespace Brick.Simulation.Hosts;

/// <summary>
/// What the simulated <c>multipathd</c>, <c>cryptsetup</c> and <c>losetup</c> do and print: one behaviour, whether the
/// engine calls them in-process (<see cref="SimulatedCommandRunner"/>) or starts their stand-in executables (the tests' Brick.Simulation.StandIns).
/// </summary>
internal static class SimulatedPrograms
{
    public const string Multipathd = "multipathd";
    public const string Cryptsetup = "cryptsetup";
    public const string Losetup = "losetup";

    /// <summary>The simulated programs' names.</summary>
    public static IReadOnlyList<string> Names { get; } = [Multipathd, Cryptsetup, Losetup];

    /// <summary>The simulated program that <paramref name="program"/> names in <paramref name="paths"/>, or null.</summary>
    public static string? NameIn(ProgramPaths paths, string program) =>
        program == paths.Multipathd ? Multipathd
        : program == paths.Cryptsetup ? Cryptsetup
        : program == paths.Losetup ? Losetup
        : null;

    /// <summary>The exit code of a <see cref="MultipathdReply.Oversized"/> answer: the socket announces a reply too long to read.</summary>
    public const int OversizedExit = 75;

    /// <summary>Records the call, waits the host's <see cref="SimulatedHost.ProgramLatency"/>, then answers as the program would.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        SimulatedHost host, string program, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        host.Record(new ProgramCall(program, args));
        return AnswerAsync(host, program, args, cancellationToken);
    }

    /// <summary>
    /// Waits the host's <see cref="SimulatedHost.ProgramLatency"/>, then answers as the program would, recording nothing
    /// (the socket records its own calls).
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> AnswerAsync(
        SimulatedHost host, string program, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (host.ProgramLatency != TimeSpan.Zero)
            await Task.Delay(host.ProgramLatency, cancellationToken);
        if (host.LatencyFor(args) is { } latency && latency > TimeSpan.Zero)
            await Task.Delay(latency, cancellationToken);
        return program switch
        {
            Multipathd => await AnswerMultipathdAsync(host, args, cancellationToken),
            Cryptsetup => AnswerCryptsetup(host, args),
            Losetup => AnswerLosetup(host, args),
            _ => (127, "", $"{program}: not a simulated program\n"),
        };
    }

    private static async Task<(int, string, string)> AnswerMultipathdAsync(SimulatedHost host, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args is ["add", "path", var added])
        {
            host.Multipathd.Count();
            return AddPath(host, added);
        }

        if (args is ["-V"])
            return (0, "multipathd v0.9.4 (simulated)\n", "");
        if (args is ["show", "daemon"])
            return (0, $"pid {Environment.ProcessId} idle\n", "");
        if (args is not ["resize", "map", var device])
            return (1, "", "simulated multipathd: only 'resize map DEVICE', 'add path NAME', 'show daemon' and -V are known\n");

        var map = host.Maps.FirstOrDefault(m => "/dev/" + m.Name == device);
        var reply = map is not null && host.MultipathdReplyFor(map.Name) is { } scripted ? Counted(host, scripted) : host.Multipathd.Next();
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
            case MultipathdReply.Garbage:
                return (0, "\u001b[0m\u0007resize: ???\n", "");
            case MultipathdReply.ExitNonZero:
                return (2, "", "");
            case MultipathdReply.Oversized:
                return (OversizedExit, new string('x', 1 << 20), "");
        }

        if (map is null)
            return (1, "fail\n", "");
        var sizes = map.Slaves.Select(host.SizeOf).Distinct().ToList();
        if (sizes.Count != 1)
            return (1, "fail\n", "");
        host.WriteSize(map.SizeFile, sizes[0]);
        return (0, "ok\n", "");
    }

    private static MultipathdReply Counted(SimulatedHost host, MultipathdReply reply)
    {
        host.Multipathd.Count();
        return reply;
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

    private static (int, string, string) AnswerCryptsetup(SimulatedHost host, IReadOnlyList<string> args)
    {
        if (args is ["--version"])
            return (0, "cryptsetup 2.6.1 (simulated)\n", "");
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

    private static (int, string, string) AnswerLosetup(SimulatedHost host, IReadOnlyList<string> args)
    {
        if (args is ["--version"])
            return (0, "losetup from util-linux 2.38.1 (simulated)\n", "");
        if (args is ["--list", "--json", "--output", "NAME,BACK-MAJ:MIN,BACK-INO", var listed])
        {
            var attached = host.Loops.FirstOrDefault(l => "/dev/" + l.Name == listed);
            if (attached is null)
                return (1, "", $"losetup: {listed}: failed to use device: No such device\n");
            // As the real losetup (LOOP_GET_STATUS64): the file the kernel holds, by device and inode, whatever its path now names.
            var (majorMinor, inode) = FileInode.Of(host.LoopKernelFile(attached.Name));
            return (0, string.Create(CultureInfo.InvariantCulture,
                $"{{\n   \"loopdevices\": [\n      {{\n         \"name\": \"{listed}\",\n         \"back-maj:min\": \"     {majorMinor}  \",\n         \"back-ino\": {inode}\n      }}\n   ]\n}}\n"), "");
        }

        var loop = args is ["--set-capacity", var device] ? host.Loops.FirstOrDefault(l => "/dev/" + l.Name == device) : null;
        if (loop is null)
            return (1, "", $"losetup: {string.Join(' ', args)}: failed to set up loop device\n");
        // As the real losetup: the device takes whatever size the file the kernel holds has now, smaller too.
        var bytes = new FileInfo(host.LoopKernelFile(loop.Name)).Length;
        host.WriteSize(loop.SizeFile, bytes - (bytes % 512));
        return (0, "", "");
    }
}
