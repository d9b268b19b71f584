namespace Brick.Engine.Requests;

/// <summary>
/// The NVMe namespace identifiers (UUID, NGUID, EUI-64) that name nothing: all zero is what a namespace without one
/// reports, so such an identifier is refused in a request and never matches a namespace.
/// </summary>
internal static class NvmeNamespaceIds
{
    /// <summary>
    /// Whether <paramref name="value"/> (hex digits, with or without dashes, optionally after <c>uuid.</c>, <c>eui.</c>
    /// or <c>nvme.</c>) is all zero; null and empty are not (they are absent, not zero).
    /// </summary>
    public static bool IsNone(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return false;
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        var hex = dot >= 0 ? value[(dot + 1)..] : value;
        var digits = 0;
        foreach (var c in hex)
        {
            if (c == '-')
                continue;
            if (c != '0')
                return false;
            digits++;
        }

        return digits > 0;
    }
}
