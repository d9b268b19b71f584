using System.Globalization;

namespace Brick.Contracts;

/// <summary>
/// The contract's timestamps as read: an ISO 8601 date and time with seconds, at most 7 digits of a fraction, and an
/// explicit offset (<c>Z</c> or <c>±hh:mm</c>, at most 14 hours): <c>2026-11-25T09:30:00Z</c>,
/// <c>2026-11-25T11:30:00.25+02:00</c>. A time without an offset names no instant (it would be read in the reader's
/// own time zone), so it is not one; nor is a leap second (<c>23:59:60</c>) or a time off the calendar in UTC.
/// </summary>
public static class ContractTimestamp
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>The instant <paramref name="text"/> names, when it is a timestamp of the contract.</summary>
    public static bool TryParse(string? text, out DateTimeOffset at)
    {
        at = default;
        return text is { Length: >= 20 }
            && (text[^1] == 'Z' || (text[^6] is '+' or '-' && text[^3] == ':'))
            && DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out at);
    }
}
