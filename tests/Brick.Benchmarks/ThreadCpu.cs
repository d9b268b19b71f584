using System.Globalization;

namespace Brick.Benchmarks;

/// <summary>
/// The CPU time of each thread of a process (<c>/proc/PID/task/*/stat</c>, user + system, in clock ticks) and its name
/// (<c>comm</c>): taken before and after a window, it says which threads spent the idle CPU.
/// </summary>
public sealed class ThreadCpu
{
    private const double TicksPerSecond = 100;
    private readonly Dictionary<string, (string Name, long Ticks)> _threads;

    private ThreadCpu(Dictionary<string, (string Name, long Ticks)> threads) => _threads = threads;

    /// <summary>Every thread of <paramref name="pid"/> now.</summary>
    public static ThreadCpu Take(int pid)
    {
        var threads = new Dictionary<string, (string, long)>(StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                threads[Path.GetFileName(dir)] = (File.ReadAllText(Path.Combine(dir, "comm")).Trim(), ticks);
            }
            catch (IOException)
            {
                // The thread ended while listing.
            }
        }

        return new ThreadCpu(threads);
    }

    /// <summary>What the threads alive now spent since <paramref name="before"/>, in % of a core over <paramref name="seconds"/>.</summary>
    public double SpentPercent(ThreadCpu before, double seconds) =>
        _threads.Sum(t => t.Value.Ticks - (before._threads.TryGetValue(t.Key, out var b) ? b.Ticks : 0)) / TicksPerSecond / seconds * 100;

    /// <summary>
    /// <see cref="Top"/> of <paramref name="pid"/> now, and what threads that ended in the window spent: the process's
    /// <paramref name="totalPercent"/> (its stat counts them) less what the live threads spent.
    /// </summary>
    public static string Describe(int pid, ThreadCpu before, double seconds, double totalPercent)
    {
        var now = Take(pid);
        var ended = totalPercent - now.SpentPercent(before, seconds);
        return now.Top(before, seconds, 4) + (ended >= 0.005 ? string.Create(CultureInfo.InvariantCulture, $"; threads that ended in the window {ended:0.###} %") : "");
    }

    /// <summary>
    /// The <paramref name="count"/> threads that spent the most since <paramref name="before"/>, as
    /// "name (tid) N.NNN %" of a core over <paramref name="seconds"/>; threads started in the window count from zero.
    /// </summary>
    public string Top(ThreadCpu before, double seconds, int count)
    {
        var spent = _threads
            .Select(t => (Tid: t.Key, t.Value.Name, Ticks: t.Value.Ticks - (before._threads.TryGetValue(t.Key, out var b) ? b.Ticks : 0)))
            .Where(t => t.Ticks > 0)
            .OrderByDescending(t => t.Ticks)
            .Take(count)
            .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Name} ({t.Tid}) {t.Ticks / TicksPerSecond / seconds * 100:0.###} %"))
            .ToList();
        return spent.Count == 0 ? "no thread ran a clock tick" : string.Join(", ", spent);
    }
}
