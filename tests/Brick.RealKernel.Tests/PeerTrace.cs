namespace Brick.RealKernel.Tests;

/// <summary>
/// What a call did on the host, from its trace (<c>strace -f -e trace=execve,openat</c>, filtered by
/// <c>peer-trace.awk</c>): the programs it started and its opens of sysfs files for writing. Counted between
/// os-brick-extend's markers around its <c>extend_volume</c> call when the trace has them (the interpreter's start and
/// imports are Nova's, not the call's); else the whole process less the traced program itself (<c>brick-worker
/// extend</c> is the call).
/// </summary>
internal sealed record PeerTrace(IReadOnlyList<string> Programs, IReadOnlyList<string> SysfsWrites, IReadOnlyList<string> FailedSysfsWrites)
{
    public static PeerTrace Parse(IReadOnlyList<string> lines)
    {
        var marked = lines.Any(l => l.StartsWith("mark|", StringComparison.Ordinal) && l.EndsWith("|begin", StringComparison.Ordinal));
        var inside = !marked;
        var skipFirst = !marked;
        List<string> programs = [], writes = [], failed = [];
        foreach (var line in lines)
        {
            var f = line.Split('|', 4);
            switch (f[0])
            {
                case "mark" when f.Length == 3:
                    inside = f[2] == "begin";
                    break;
                case "exec" when f.Length >= 3 && inside:
                    if (skipFirst)
                        skipFirst = false;
                    else
                        programs.Add(line.Split('|', 3)[2]);
                    break;
                case "write" when f.Length == 4 && inside:
                    (f[2].StartsWith('-') ? failed : writes).Add(f[3]);
                    break;
            }
        }

        return new PeerTrace(programs, writes, failed);
    }

    /// <summary>The programs by name with their counts, most first: <c>blockdev ×5, lsscsi ×2</c>.</summary>
    public string ProgramSummary() =>
        Programs.Count == 0
            ? "none"
            : string.Join(", ", Programs.Select(p => Path.GetFileName(p.Split(' ')[0])).GroupBy(n => n).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Count()}"));

    /// <summary>The sysfs files written by their last two path elements: <c>2:0:0:0/rescan ×2</c>.</summary>
    public string WriteSummary() =>
        SysfsWrites.Count + FailedSysfsWrites.Count == 0
            ? "none"
            : string.Join(", ", SysfsWrites.Select(Short).GroupBy(n => n).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ×{g.Count()}"))
              + (FailedSysfsWrites.Count == 0 ? "" : $"; refused: {string.Join(", ", FailedSysfsWrites.Select(Short))}");

    public static PeerTrace Combine(IEnumerable<PeerTrace> traces)
    {
        var all = traces.ToList();
        return new PeerTrace([.. all.SelectMany(t => t.Programs)], [.. all.SelectMany(t => t.SysfsWrites)], [.. all.SelectMany(t => t.FailedSysfsWrites)]);
    }

    private static string Short(string path) => string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).TakeLast(2));
}
