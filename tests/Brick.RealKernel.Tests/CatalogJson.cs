using System.Text.Json;

namespace Brick.RealKernel.Tests;

/// <summary>Strict reading of <c>scenarios.json</c>: a key the reader does not know is an error, not something to ignore.</summary>
internal static class CatalogJson
{
    public static Dictionary<string, JsonElement> Object(JsonElement json, string where, params string[] keys)
    {
        if (json.ValueKind != JsonValueKind.Object)
            throw new FormatException($"{where}: an object is expected.");
        var o = json.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var unknown = o.Keys.Except(keys).ToList();
        if (unknown.Count > 0)
            throw new FormatException($"{where}: unknown key(s) {string.Join(", ", unknown)}; known: {string.Join(", ", keys)}.");
        return o;
    }

    public static string? String(IReadOnlyDictionary<string, JsonElement> o, string key, string where, bool required = true)
    {
        if (!o.TryGetValue(key, out var value) || value.ValueKind == JsonValueKind.Null)
            return required ? throw new FormatException($"{where}.{key} is required.") : null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new FormatException($"{where}.{key}: a string is expected.");
    }

    public static IReadOnlyList<string> Strings(IReadOnlyDictionary<string, JsonElement> o, string key) =>
        o.TryGetValue(key, out var value) ? [.. value.EnumerateArray().Select(e => e.GetString()!)] : [];
}
