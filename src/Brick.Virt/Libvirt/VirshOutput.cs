using System.Globalization;

namespace Brick.Virt.Libvirt;

/// <summary>Reads what <c>virsh</c> 9 prints for the commands the libvirt backend runs.</summary>
internal static class VirshOutput
{
    /// <summary><c>virsh list --name</c>: one domain a line, a blank line at the end.</summary>
    public static IReadOnlyList<string> DomainNames(string stdout) =>
        [.. Lines(stdout).Where(l => l.Length > 0 && !l.Any(char.IsControl))];

    /// <summary>
    /// <c>virsh domblklist DOMAIN --details</c>: a header (<c>Type Device Target Source</c>), a rule, then a row per
    /// disk. Only <c>disk</c> devices with a source are kept (a CD-ROM or an empty drive is not a volume).
    /// </summary>
    public static IReadOnlyList<(string Target, string Source)> Disks(string stdout)
    {
        var rows = new List<(string, string)>();
        foreach (var line in Lines(stdout).SkipWhile(l => !l.StartsWith("---", StringComparison.Ordinal)).Skip(1))
        {
            var columns = line.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (columns is [_, "disk", var target, var source] && source != "-")
                rows.Add((target, source));
        }

        return rows;
    }

    /// <summary><c>virsh domblkinfo DOMAIN TARGET</c>: the <c>Capacity:</c> line, in bytes (what the guest is told).</summary>
    public static long? Capacity(string stdout)
    {
        foreach (var line in Lines(stdout))
        {
            if (line.StartsWith("Capacity:", StringComparison.Ordinal)
                && long.TryParse(line["Capacity:".Length..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
                return bytes;
        }

        return null;
    }

    /// <summary>Whether an error <c>virsh</c> printed says that the domain or its disk is not there (any more).</summary>
    public static bool SaysGone(string stderr) =>
        stderr.Contains("failed to get domain", StringComparison.OrdinalIgnoreCase)
        || stderr.Contains("Domain not found", StringComparison.OrdinalIgnoreCase)
        || stderr.Contains("domain is not running", StringComparison.OrdinalIgnoreCase)
        || stderr.Contains("was not found", StringComparison.OrdinalIgnoreCase)
        || stderr.Contains("no disk with", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> Lines(string text) => text.Split('\n').Select(l => l.Trim());
}
