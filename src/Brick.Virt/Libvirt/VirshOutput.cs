using System.Globalization;

namespace Brick.Virt.Libvirt;

/// <summary>Reads what <c>virsh</c> 9 prints for the commands the libvirt backend runs.</summary>
internal static class VirshOutput
{
    /// <summary><c>virsh list --uuid</c>: one domain's UUID a line, a blank line at the end; a line that is no UUID is skipped.</summary>
    public static IReadOnlyList<string> DomainUuids(string stdout) =>
        [.. Lines(stdout).Where(IsUuid)];

    /// <summary>Whether <paramref name="text"/> is a UUID as libvirt prints it (<c>8-4-4-4-12</c> hexadecimal digits).</summary>
    public static bool IsUuid(string text) =>
        text.Length == 36 && Guid.TryParseExact(text, "D", out _);

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
