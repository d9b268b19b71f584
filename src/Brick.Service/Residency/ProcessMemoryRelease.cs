using System.Diagnostics;
using System.Globalization;

namespace Brick.Service.Residency;

/// <summary>
/// Releases this process's memory: a full, compacting collection that hands the GC's free memory back to the system
/// (<see cref="GCCollectionMode.Aggressive"/>), then the file pages the program no longer touches paged out
/// (<see cref="PageAdvice"/>: the start-up's code and data, the code of work done).
/// </summary>
internal sealed class ProcessMemoryRelease : IMemoryRelease
{
    private const string Self = "/proc/self";

    /// <inheritdoc />
    public ReleasedMemory Release()
    {
        var clock = Stopwatch.StartNew();
        var before = ResidentMiB();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var (pagedOut, refused, lastError) = PageAdvice.Release(FileMapping.Parse(File.ReadLines($"{Self}/maps")));
        return new ReleasedMemory(before, ResidentMiB(), pagedOut, refused, lastError, clock.Elapsed);
    }

    /// <summary>This process's resident memory (<c>VmRSS</c> of <c>/proc/self/status</c>), MiB.</summary>
    public static double ResidentMiB()
    {
        foreach (var line in File.ReadLines($"{Self}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) / 1024.0;
        }

        return double.NaN;
    }
}
