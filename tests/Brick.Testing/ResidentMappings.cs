using System.Globalization;

namespace Brick.Testing;

/// <summary>What a process holds resident of some of its mappings (<c>/proc/PID/smaps</c>).</summary>
public static class ResidentMappings
{
    /// <summary>
    /// The resident KiB of the mappings of <paramref name="process"/> (<c>self</c> or a process id) whose header line
    /// (range, permissions, offset, device, inode, path) <paramref name="mapping"/> takes.
    /// </summary>
    public static long KiB(string process, Func<string, bool> mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        long total = 0;
        var inside = false;
        foreach (var line in File.ReadLines($"/proc/{process}/smaps"))
        {
            var first = line.Split(' ', 2)[0];
            if (first.Contains('-', StringComparison.Ordinal) && !first.EndsWith(':'))
                inside = mapping(line);
            else if (inside && first == "Rss:")
                total += long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        }

        return total;
    }
}
