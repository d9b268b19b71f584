namespace Brick.Service.Tests.Hostile;

/// <summary>Whether a text can go into a log line as it is: no control character, line or paragraph separator, or bidirectional control.</summary>
internal static class LogSafe
{
    public static bool Is(string? text) =>
        text is null || !text.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C');
}
