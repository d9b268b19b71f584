using System.Globalization;

namespace Brick.Benchmarks;

/// <summary>Where a process's resident memory is, from <c>/proc/PID/smaps</c> (MiB each).</summary>
public sealed record MemoryBreakdown(double GcHeapMiB, double OtherAnonymousMiB, double CodeMiB, double RuntimeLibrariesMiB, double AssembliesMiB, double OtherFilesMiB)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"GC heap {GcHeapMiB:0.0}, other anonymous (native heap, runtime data, stacks) {OtherAnonymousMiB:0.0}, JIT code and stubs (W^X double mapping) {CodeMiB:0.0}, native .so {RuntimeLibrariesMiB:0.0}, assemblies (files or the bundle) {AssembliesMiB:0.0}, other files {OtherFilesMiB:0.0} MiB");
}

/// <summary>What <c>/proc</c> tells of another process: resident memory, CPU time, threads, sockets.</summary>
public static class ProcFs
{
    /// <summary>Clock ticks per second of <c>/proc/PID/stat</c>'s times (<c>sysconf(_SC_CLK_TCK)</c>, 100 on Linux).</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU time of all the process's threads, in seconds.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (which may hold spaces) in parentheses: state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>A line of <c>/proc/PID/status</c> as a number (its first word), e.g. <c>Threads</c>, <c>VmRSS</c> (kB), <c>VmHWM</c>.</summary>
    public static long Status(int pid, string key)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
                return long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }

        return -1;
    }

    /// <summary>
    /// Established TCP connections the process holds to <paramref name="port"/> (its socket inodes matched against
    /// <c>/proc/PID/net/tcp</c> and <c>tcp6</c>): the AMQP connections as the host sees them.
    /// </summary>
    public static int TcpConnectionsTo(int pid, int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                    inodes.Add(target[8..^1]);
            }
            catch (IOException)
            {
                // Closed while listing.
            }
        }

        var count = 0;
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var table in (string[])[$"/proc/{pid}/net/tcp", $"/proc/{pid}/net/tcp6"])
        {
            if (!File.Exists(table))
                continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // f[2] remote address:port, f[3] state (01 established), f[9] inode.
                if (f.Length > 9 && f[3] == "01" && f[2].EndsWith(":" + hexPort, StringComparison.Ordinal) && inodes.Contains(f[9]))
                    count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Resident memory by kind, from <c>/proc/PID/smaps</c>. The GC reserves its regions up front (256 GiB of address
    /// space by default) and commits parts of them, which splits the reservation into many mappings: every anonymous
    /// mapping in a run of adjacent anonymous mappings spanning 1 GiB or more is counted as the GC heap.
    /// </summary>
    public static MemoryBreakdown Breakdown(int pid)
    {
        var maps = new List<(long Start, long End, string? Path, double RssMiB)>();
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 5 && f[0].Contains('-', StringComparison.Ordinal) && !f[0].EndsWith(':'))
            {
                var range = f[0].Split('-');
                maps.Add((long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture), long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    f.Length >= 6 ? f[5] : null, 0));
            }
            else if (f.Length >= 2 && f[0] == "Rss:" && maps.Count > 0)
            {
                maps[^1] = maps[^1] with { RssMiB = long.Parse(f[1], CultureInfo.InvariantCulture) / 1024.0 };
            }
        }

        var gcMaps = new HashSet<int>();
        for (var i = 0; i < maps.Count;)
        {
            var j = i;
            while (maps[i].Path is null && j + 1 < maps.Count && maps[j + 1].Path is null && maps[j + 1].Start == maps[j].End)
                j++;
            if (maps[i].Path is null && maps[j].End - maps[i].Start >= 1L << 30)
            {
                for (var k = i; k <= j; k++)
                    gcMaps.Add(k);
            }

            i = j + 1;
        }

        double gc = 0, anonymous = 0, code = 0, runtime = 0, assemblies = 0, files = 0;
        for (var i = 0; i < maps.Count; i++)
        {
            var (_, _, path, mib) = maps[i];
            if (gcMaps.Contains(i))
                gc += mib;
            else if (path is null || path.StartsWith('['))
                anonymous += mib;
            else if (path.StartsWith("/memfd:doublemapper", StringComparison.Ordinal))
                code += mib; // .NET's W^X: code the JIT wrote, and stubs, mapped twice from one memfd (writable, executable).
            else if (path.EndsWith(".so", StringComparison.Ordinal) || path.Contains(".so.", StringComparison.Ordinal))
                runtime += mib;
            else if (path.EndsWith(".dll", StringComparison.Ordinal) || path.EndsWith("/brick-worker", StringComparison.Ordinal) || path.EndsWith("/dotnet", StringComparison.Ordinal))
                assemblies += mib;
            else
                files += mib;
        }

        return new MemoryBreakdown(gc, anonymous, code, runtime, assemblies, files);
    }
}
