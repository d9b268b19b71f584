using System.Globalization;
using System.Text;

namespace Brick.Service.Tests.Hostile.Generated;

/// <summary>
/// A JSON value as the generator builds it: unlike a parser's tree it can hold what a hostile sender writes (a key twice,
/// a string with an unpaired surrogate, nesting of any depth), and it writes itself out byte for byte.
/// </summary>
internal abstract record Json
{
    /// <summary>The value as UTF-8 JSON text; <paramref name="escapeAll"/> writes every non-ASCII character as <c>\uXXXX</c>.</summary>
    public byte[] ToBytes(bool escapeAll = false)
    {
        var text = new StringBuilder();
        Write(text, escapeAll);
        return Utf8(text.ToString());
    }

    public abstract void Write(StringBuilder text, bool escapeAll);

    /// <summary>UTF-8 of a string the writer made: every unpaired surrogate in it was escaped, so this never loses a character.</summary>
    private static byte[] Utf8(string text) => new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(text);

    /// <summary>Writes <paramref name="value"/> as a JSON string literal; unpaired surrogates and control characters as escapes.</summary>
    public static void WriteString(StringBuilder text, string value, bool escapeAll)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var paired = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            if (paired && !escapeAll)
            {
                text.Append(c).Append(value[++i]);
                continue;
            }

            if (c is '"' or '\\')
                text.Append('\\').Append(c);
            else if (c < ' ' || char.IsSurrogate(c) || (escapeAll && c > '~'))
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else
                text.Append(c);
        }

        text.Append('"');
    }
}

/// <summary>An object: its members in order, a key possibly more than once.</summary>
internal sealed record JObject(IReadOnlyList<(string Key, Json Value)> Members) : Json
{
    public JObject(params (string Key, Json Value)[] members) : this((IReadOnlyList<(string, Json)>)members) { }

    /// <summary>The value of the first member named <paramref name="key"/>, or null.</summary>
    public Json? this[string key] => Members.FirstOrDefault(m => m.Key == key).Value;

    /// <summary>This object with member <paramref name="key"/> replaced (or added at the end).</summary>
    public JObject With(string key, Json value) =>
        Members.Any(m => m.Key == key)
            ? new([.. Members.Select(m => m.Key == key ? (key, value) : m)])
            : new([.. Members, (key, value)]);

    /// <summary>This object without member <paramref name="key"/>.</summary>
    public JObject Without(string key) => new([.. Members.Where(m => m.Key != key)]);

    public override void Write(StringBuilder text, bool escapeAll)
    {
        text.Append('{');
        for (var i = 0; i < Members.Count; i++)
        {
            if (i > 0)
                text.Append(',');
            WriteString(text, Members[i].Key, escapeAll);
            text.Append(':');
            Members[i].Value.Write(text, escapeAll);
        }

        text.Append('}');
    }
}

/// <summary>An array.</summary>
internal sealed record JArray(IReadOnlyList<Json> Items) : Json
{
    public JArray(params Json[] items) : this((IReadOnlyList<Json>)items) { }

    public override void Write(StringBuilder text, bool escapeAll)
    {
        text.Append('[');
        for (var i = 0; i < Items.Count; i++)
        {
            if (i > 0)
                text.Append(',');
            Items[i].Write(text, escapeAll);
        }

        text.Append(']');
    }
}

/// <summary>A string, any .NET string (an unpaired surrogate included).</summary>
internal sealed record JString(string Value) : Json
{
    public override void Write(StringBuilder text, bool escapeAll) => WriteString(text, Value, escapeAll);
}

/// <summary>A number as its literal, always valid JSON number syntax (<c>-0</c>, <c>1.5e3</c>, <c>1e400</c>).</summary>
internal sealed record JNumber(string Literal) : Json
{
    public JNumber(long value) : this(value.ToString(CultureInfo.InvariantCulture)) { }

    public override void Write(StringBuilder text, bool escapeAll) => text.Append(Literal);
}

/// <summary><c>true</c>, <c>false</c> or <c>null</c>.</summary>
internal sealed record JLiteral(string Literal) : Json
{
    public static JLiteral True { get; } = new("true");

    public static JLiteral False { get; } = new("false");

    public static JLiteral Null { get; } = new("null");

    public override void Write(StringBuilder text, bool escapeAll) => text.Append(Literal);
}
