using System.Text;

namespace Brick.Engine.Kernel;

/// <summary>
/// WWIDs in the form multipath and udev use (<c>3600a0980…</c>: NAA <c>3</c>, EUI-64 <c>2</c>, T10 <c>1</c>, SCSI name
/// string <c>8</c>, then the identifier), from the kernel's <c>device/wwid</c> text (<c>naa.600a…</c>) or its VPD page 0x83.
/// </summary>
internal static class ScsiWwid
{
    /// <summary>
    /// Lower-cases a WWID and turns the kernel's <c>naa.</c>/<c>eui.</c>/<c>t10.</c> prefixes into multipath's type digit;
    /// NVMe's <c>uuid.</c> and <c>nvme.</c> forms keep their prefix, lower-cased.
    /// </summary>
    public static string Normalize(string wwid)
    {
        var text = wwid.Trim();
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var prefix = text[..dot].ToLowerInvariant();
            var rest = text[(dot + 1)..];
            switch (prefix)
            {
                case "naa": return "3" + rest.ToLowerInvariant();
                case "eui": return "2" + rest.ToLowerInvariant();
                case "t10": return "1" + rest;
                // NVMe's forms: a UUID, or the model and serial in hex; neither tells case apart.
                case "uuid" or "nvme": return prefix + "." + rest.ToLowerInvariant();
            }
        }

        return text.Length > 0 && char.IsAsciiHexDigit(text[0]) && text.All(char.IsAsciiHexDigit) ? text.ToLowerInvariant() : text;
    }

    /// <summary>The best logical-unit designator of a VPD page 0x83, as multipath names it, or null.</summary>
    public static string? FromVpdPage83(ReadOnlySpan<byte> page)
    {
        if (page.Length < 4 || page[1] != 0x83)
            return null;
        var end = Math.Min(page.Length, 4 + ((page[2] << 8) | page[3]));
        (int Rank, string Id)? best = null;
        for (var offset = 4; offset + 4 <= end;)
        {
            var codeSet = page[offset] & 0x0f;
            var association = (page[offset + 1] >> 4) & 0x03;
            var type = page[offset + 1] & 0x0f;
            var length = page[offset + 3];
            if (offset + 4 + length > end)
                break;
            var body = page.Slice(offset + 4, length);
            offset += 4 + length;
            if (association != 0 || length == 0)
                continue;

            (int, string)? candidate = type switch
            {
                3 => (4, "3" + Convert.ToHexStringLower(body)),
                2 => (3, "2" + Convert.ToHexStringLower(body)),
                8 when codeSet == 3 => (2, "8" + Encoding.UTF8.GetString(body).TrimEnd('\0')),
                1 => (1, "1" + (codeSet == 1 ? Convert.ToHexStringLower(body) : Encoding.ASCII.GetString(body).Trim())),
                _ => null,
            };
            if (candidate is { } c && (best is null || c.Item1 > best.Value.Rank))
                best = c;
        }

        return best?.Id;
    }
}
