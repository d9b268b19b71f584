using System.Text;
using System.Text.Json;

namespace Brick.Service.Inbound;

/// <summary>
/// The rule for the ids a sender chooses (an envelope's <c>correlationId</c>/<c>messageId</c>, the AMQP properties):
/// 1 to <see cref="MaxLength"/> printable ASCII characters with no space. An id that breaks it is not used at all (not
/// in log lines, not in outcomes), as if it were absent, since a newline or a bidirectional override in it would
/// forge or reorder a log line.
/// </summary>
public static class InboundIds
{
    /// <summary>The longest id kept (a GUID is 36 characters).</summary>
    public const int MaxLength = 128;

    /// <summary>Whether <paramref name="id"/> may be logged and copied into an outcome as it is.</summary>
    public static bool IsSafe(string? id) => id is { Length: > 0 and <= MaxLength } && id.All(c => c is > ' ' and <= '~');

    /// <summary><paramref name="id"/> when it is safe, else null.</summary>
    public static string? Safe(string? id) => IsSafe(id) ? id : null;

    /// <summary>The string field <paramref name="name"/> of <paramref name="obj"/> when it is a safe id, else null.</summary>
    internal static string? Id(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Safe(value.GetString()) : null;

    /// <summary>
    /// <paramref name="text"/> (a content type, a parser's message) quoted for a detail sentence: at most 80
    /// characters, anything outside printable ASCII as <c>?</c>.
    /// </summary>
    internal static string Printable(string text)
    {
        var clipped = text.Length > 80 ? text[..80] + "..." : text;
        var printable = new StringBuilder(clipped.Length);
        foreach (var c in clipped)
            printable.Append(c is >= ' ' and <= '~' ? c : '?');
        return printable.ToString();
    }
}
