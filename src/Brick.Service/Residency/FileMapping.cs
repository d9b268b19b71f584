using System.Globalization;

namespace Brick.Service.Residency;

/// <summary>
/// A range of the process's memory mapped from a regular file: code and data of the program, its libraries, the runtime
/// (private mappings, whose pages the process may have copied and written, and read-only shared ones).
/// </summary>
/// <param name="Start">The first address.</param>
/// <param name="End">The address past the last.</param>
/// <param name="Path">The file.</param>
/// <param name="Shared">Whether it is a shared mapping (<c>MAP_SHARED</c>, and then, being read-only, it holds nothing but the file's pages).</param>
internal readonly record struct FileMapping(ulong Start, ulong End, string Path, bool Shared = false)
{
    /// <summary>The mapping's length in bytes.</summary>
    public ulong Length => End - Start;

    /// <summary>
    /// The private and the read-only shared mappings of regular files among the lines of <c>/proc/PID/maps</c>; left
    /// out: anonymous memory, the kernel's (<c>[heap]</c>, <c>[vdso]</c>), devices, deleted files and memory files (the
    /// JIT's double mapping), whose pages the kernel cannot drop and read again, and shared writable files.
    /// </summary>
    public static IReadOnlyList<FileMapping> Parse(IEnumerable<string> lines)
    {
        var mappings = new List<FileMapping>();
        foreach (var line in lines)
        {
            // address perms offset dev inode path; the path may hold spaces.
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[1].Length < 4 || (fields[1][1] == 'w' && fields[1][3] == 's') || fields[4] == "0")
                continue;
            var path = fields[5].TrimEnd();
            if (!path.StartsWith('/') || path.EndsWith(" (deleted)", StringComparison.Ordinal)
                || path.StartsWith("/dev/", StringComparison.Ordinal) || path.StartsWith("/memfd:", StringComparison.Ordinal))
                continue;
            var range = fields[0].Split('-');
            if (range.Length == 2
                && ulong.TryParse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
                && ulong.TryParse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end) && end > start)
                mappings.Add(new FileMapping(start, end, path, fields[1][3] == 's'));
        }

        return mappings;
    }
}
