using System.Globalization;
using Brick.Contracts;
using Brick.Engine.Core;

namespace Brick.Engine.Kernel;

/// <summary>
/// A count of 512-byte sectors as sysfs and <c>cryptsetup status</c> write it, in bytes. A count that is not a
/// whole number, or whose bytes do not fit in 63 bits, is a named failure (<c>CommandFailed</c>, not retriable: the
/// host says something no kernel says), never a wrapped or silently missing size.
/// </summary>
internal static class SectorCount
{
    /// <summary>The most sectors whose bytes fit in a <see cref="long"/>.</summary>
    public const long MaxSectors = long.MaxValue / 512;

    /// <summary>The bytes of <paramref name="text"/> (null where the file is absent); <paramref name="source"/> names it in the failure.</summary>
    public static long? ToBytes(string? text, string source)
    {
        if (text is null)
            return null;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sectors))
        {
            if (text.Length > 0 && text.All(char.IsAsciiDigit))
                throw TooLarge(text, source);
            throw new ExtendFailedException(ResizeFailureReason.CommandFailed,
                $"{source} reads {Shown(text)}, not a number of sectors; nothing more is written.", retriable: false);
        }

        return sectors <= MaxSectors ? sectors * 512 : throw TooLarge(text, source);
    }

    private static ExtendFailedException TooLarge(string text, string source) =>
        new(ResizeFailureReason.CommandFailed,
            $"{source} reads {Shown(text)} sectors, more bytes than a 64-bit size holds; nothing more is written.", retriable: false);

    private static string Shown(string text)
    {
        var clipped = text.Length > 40 ? text[..40] + "…" : text;
        return "'" + new string([.. clipped.Select(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' or '-' ? c : '?')]) + "'";
    }
}
