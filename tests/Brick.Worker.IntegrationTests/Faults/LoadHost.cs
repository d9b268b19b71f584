using System.Diagnostics;
using System.Globalization;
using Brick.Simulation.Hosts;

namespace Brick.Worker.IntegrationTests.Faults;

/// <summary>
/// The simulated host of a fault campaign, owned by the test and not by the worker: a worker process that is killed
/// and started again works on the same host, whose volumes keep their sizes. Its tree is a <see cref="SimulatedHost"/>'s
/// with <c>volumes</c> loop devices (<c>/dev/loop0</c>, …). The array is a folder of files, one per loop device,
/// holding its backing file's size: <see cref="Grow"/> plays <c>truncate</c>. The worker's <c>losetup</c> is a bash
/// script of this class (the simulated host's stand-ins hand every call to this process and poll for the answer,
/// which two busy cores cannot do 2,000 times in a few minutes): <c>--list</c> prints the backing file's device and
/// inode written when the host was laid out (forking nothing), <c>--set-capacity /dev/loopN</c> sets the loop's size
/// to its backing file's, as the kernel does, after <see cref="Latency"/>, forking nothing but one <c>mv</c> (the size
/// file is replaced whole, as the kernel's changes at once: a call that a killed worker left running never shows a
/// reader an empty file), and records when each call started and ended. <c>losetup</c> is the one program an operation on a loop volume runs and its only
/// write: two operations on one volume at once would show as two overlapping calls on one device.
/// </summary>
public sealed class LoadHost : IAsyncDisposable
{
    /// <summary>How long each <c>losetup</c> call takes: long enough for two calls of overlapping operations to overlap.</summary>
    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(20);

    private const string Losetup = """
        #!/bin/bash
        # losetup --set-capacity /dev/loopN of a fault campaign (tests/Brick.Worker.IntegrationTests/Faults/LoadHost.cs):
        # the loop's size becomes its backing file's (array/loopN), each call's start and end go to the span log.
        start=$EPOCHREALTIME
        if [ $# -eq 5 ] && [ "$1" = --list ] && [[ "$5" =~ ^/dev/(loop[0-9]+)$ ]]; then
          # Which file the kernel holds for the loop (BACK-MAJ:MIN, BACK-INO): read once when the host was laid out.
          read -r id < '@ARRAY@'/"${BASH_REMATCH[1]}".id || exit 1
          printf '{"loopdevices": [{"name": "%s", %s}]}\n' "$5" "$id"
          exit 0
        fi
        if [ $# -ne 2 ] || [ "$1" != --set-capacity ] || ! [[ "$2" =~ ^/dev/(loop[0-9]+)$ ]]; then
          echo "losetup: $*: failed to set up loop device" >&2
          exit 1
        fi
        device=${BASH_REMATCH[1]}
        read -r bytes < '@ARRAY@'/"$device" || exit 1
        read -r -t @LATENCY@ <> '@PAUSE@'
        # Written whole, then renamed: a reader never sees the file empty, even when the worker that ran this was killed.
        printf '%s\n' $((bytes / 512)) > '@SYS@'/block/"$device"/size.$$ && mv -f '@SYS@'/block/"$device"/size.$$ '@SYS@'/block/"$device"/size || exit 1
        printf '%s %s %s\n' "$start" "$EPOCHREALTIME" "$2" >> '@SPANS@'
        """;

    private readonly string _array;
    private readonly string _spans;

    private LoadHost(SimulatedHost host, int volumes, string program, string array, string spans)
    {
        Host = host;
        Volumes = volumes;
        Program = program;
        _array = array;
        _spans = spans;
    }

    /// <summary>The simulated host.</summary>
    public SimulatedHost Host { get; }

    /// <summary>How many loop volumes; volume <c>i</c> is <c>/dev/loopi</c>.</summary>
    public int Volumes { get; }

    /// <summary>The <c>losetup</c> to give the worker.</summary>
    public string Program { get; }

    /// <summary>Lays out <paramref name="volumes"/> loop volumes of <paramref name="sizeBytes"/> each.</summary>
    public static LoadHost Create(int volumes, long sizeBytes)
    {
        var host = SimulatedHost.Create();
        for (var i = 0; i < volumes; i++)
            host.AddLoopVolume(sizeBytes);
        var array = Directory.CreateDirectory(Path.Combine(host.Directory, "array")).FullName;
        var spans = Path.Combine(host.Directory, "losetup-spans.log");
        var pause = Path.Combine(host.Directory, "losetup-pause");
        var program = Path.Combine(host.Directory, "losetup-campaign");
        if (host.Directory.Contains('\'', StringComparison.Ordinal))
            throw new InvalidOperationException($"The host's folder cannot be quoted in a shell script: {host.Directory}");
        File.WriteAllText(spans, "");
        MakeFifo(pause);
        File.WriteAllText(program, Losetup
            .Replace("@ARRAY@", array, StringComparison.Ordinal)
            .Replace("@PAUSE@", pause, StringComparison.Ordinal)
            .Replace("@LATENCY@", Latency.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@SYS@", host.Roots.SysRoot, StringComparison.Ordinal)
            .Replace("@SPANS@", spans, StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        WriteKernelIdentities(host, volumes, array);

        var load = new LoadHost(host, volumes, program, array, spans);
        for (var i = 0; i < volumes; i++)
            load.Grow(i, sizeBytes);
        return load;
    }

    /// <summary>
    /// Writes <c>array/loopN.id</c>, the device and inode of each loop's backing file (what <c>losetup --list</c> reports
    /// from the kernel), with one <c>stat</c> for all of them.
    /// </summary>
    private static void WriteKernelIdentities(SimulatedHost host, int volumes, string array)
    {
        if (volumes == 0)
            return;
        var backing = Enumerable.Range(0, volumes)
            .Select(i => File.ReadAllText(Path.Combine(host.Roots.SysRoot, "block", $"loop{i}", "loop", "backing_file")).Trim()).ToList();
        var start = new System.Diagnostics.ProcessStartInfo("stat") { RedirectStandardOutput = true };
        foreach (var argument in (string[])["-L", "-c", "%d %i", "--", .. backing])
            start.ArgumentList.Add(argument);
        using var stat = System.Diagnostics.Process.Start(start)!;
        var lines = stat.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        stat.WaitForExit();
        if (stat.ExitCode != 0 || lines.Length != volumes)
            throw new InvalidOperationException($"stat of the loops' backing files exited {stat.ExitCode} with {lines.Length} line(s)");
        for (var i = 0; i < volumes; i++)
        {
            var parts = lines[i].Split(' ');
            var dev = ulong.Parse(parts[0], CultureInfo.InvariantCulture);
            var major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffUL);
            var minor = (dev & 0xff) | ((dev >> 12) & ~0xffUL);
            File.WriteAllText(Path.Combine(array, $"loop{i}.id"),
                string.Create(CultureInfo.InvariantCulture, $"\"back-maj:min\": \"{major}:{minor}\", \"back-ino\": {parts[1]}\n"));
        }
    }

    /// <summary>The array grows volume <paramref name="volume"/>'s LUN (its backing file); the host sees it once <c>losetup</c> runs.</summary>
    public void Grow(int volume, long sizeBytes)
    {
        var file = Path.Combine(_array, $"loop{volume}");
        File.WriteAllText(file + ".new", sizeBytes.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(file + ".new", file, overwrite: true);

        // The engine checks the loop's backing file (named in sysfs) before losetup --set-capacity, so that it never
        // shrinks a device: grow that file as truncate would.
        var backing = File.ReadAllText(Path.Combine(Host.Roots.SysRoot, "block", $"loop{volume}", "loop", "backing_file")).Trim();
        using var image = new FileStream(backing, FileMode.Open, FileAccess.Write);
        if (image.Length < sizeBytes)
            image.SetLength(sizeBytes);
    }

    /// <summary>The size the host shows for volume <paramref name="volume"/>.</summary>
    public long SizeOf(int volume) => Host.SizeOf($"loop{volume}");

    /// <summary>Every <c>losetup</c> call that ended, as (device, start, end).</summary>
    public IReadOnlyList<LosetupSpan> Spans() =>
        [.. File.ReadAllLines(_spans).Where(l => l.Length > 0).Select(LosetupSpan.Parse)];

    /// <summary>
    /// Waits until no <c>losetup</c> call of this host runs any more (none is in <c>/proc</c>): a worker that was
    /// SIGKILLed leaves its calls running, and what they write counts.
    /// </summary>
    public async Task WaitForCallsToEndAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Running() && DateTime.UtcNow < deadline)
            await Task.Delay(50, TestContext.Current.CancellationToken);
        if (Running())
            throw new TimeoutException($"losetup calls of {Program} still ran {timeout} after the last worker stopped");
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    private bool Running() =>
        Directory.EnumerateDirectories("/proc").Any(process =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(process, "cmdline")).Split('\0').Contains(Program, StringComparer.Ordinal);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false; // not a process, or gone
            }
        });

    /// <summary>A FIFO that no one writes: <c>read -t</c> on it is a sleep without a process.</summary>
    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo") { ArgumentList = { path } })
            ?? throw new InvalidOperationException("mkfifo did not start");
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0)
            throw new InvalidOperationException($"mkfifo {path} exited {mkfifo.ExitCode}");
    }
}

/// <summary>One <c>losetup</c> call: the device it named and when it ran (µs since the epoch).</summary>
public sealed record LosetupSpan(string Device, long Start, long End)
{
    public static LosetupSpan Parse(string line)
    {
        var parts = line.Split(' ');
        return new LosetupSpan(parts[2], Microseconds(parts[0]), Microseconds(parts[1]));
    }

    /// <summary>The pairs of calls on one device that ran at the same time.</summary>
    public static IReadOnlyList<(LosetupSpan First, LosetupSpan Second)> Overlaps(IEnumerable<LosetupSpan> spans) =>
        [.. spans.GroupBy(s => s.Device).SelectMany(device =>
        {
            var ordered = device.OrderBy(s => s.Start).ToList();
            return ordered.Zip(ordered.Skip(1)).Where(p => p.Second.Start < p.First.End);
        })];

    private static long Microseconds(string epochRealtime) =>
        (long)(decimal.Parse(epochRealtime, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * 1_000_000m);
}
