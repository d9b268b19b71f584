using System.Diagnostics;
using System.Globalization;

namespace Brick.Service.Residency;

/// <summary>
/// Releases this process's memory: a full, compacting collection that hands the GC's free memory back to the system
/// (<see cref="GCCollectionMode.Aggressive"/>), the C library heap's free pages handed back (<see cref="NativeHeap"/>), then the file pages the program no longer touches paged out
/// (<see cref="PageAdvice"/>: the start-up's code and data, the code of work done).
/// </summary>
internal sealed class ProcessMemoryRelease : IMemoryRelease
{
    private const string Self = "/proc/self";

    /// <summary>The program's own file (<c>/proc/self/exe</c>), or null where it cannot be read.</summary>
    public static string? Program { get; } = ProgramFile();

    /// <summary>Whether the kernel will page out the program's file pages for this process (<see cref="PageAdvice.CanPageOut"/>).</summary>
    public bool CanPageOut { get; } = Program is { } program && PageAdvice.CanPageOut(program);

    /// <inheritdoc />
    public ReleasedMemory Release()
    {
        var clock = Stopwatch.StartNew();
        var before = ResidentMiB();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
        var (pagedOut, refused, lastError) = PageAdvice.Release(FileMapping.Parse(File.ReadLines($"{Self}/maps")), Program);
        return new ReleasedMemory(before, ResidentMiB(), pagedOut, refused, lastError, clock.Elapsed);
    }

    private static string? ProgramFile()
    {
        try
        {
            return new FileInfo($"{Self}/exe").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>This process's resident memory (<c>VmRSS</c> of <c>/proc/self/status</c>), MiB.</summary>
    private static double ResidentMiB()
    {
        foreach (var line in File.ReadLines($"{Self}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) / 1024.0;
        }

        return double.NaN;
    }
}
