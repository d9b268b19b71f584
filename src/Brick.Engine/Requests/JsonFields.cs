using System.Text.Json;

namespace Brick.Engine.Requests;

/// <summary>Typed, rule-checked reads of fields of an untrusted JSON object.</summary>
internal static class JsonFields
{
    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
            return true;
        value = default;
        return false;
    }

    public static string? OptionalString(JsonElement obj, string name, string where)
    {
        if (!TryGet(obj, name, out var value))
            return null;
        if (value.ValueKind != JsonValueKind.String)
            throw RequestRejectedException.Invalid($"{where}{name} must be a string.");
        return value.GetString();
    }

    public static string RequiredString(JsonElement obj, string name, string where) =>
        OptionalString(obj, name, where) ?? throw RequestRejectedException.Invalid($"{where}{name} is required.");

    public static int Lun(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var lun) || lun is < 0 or > 65535)
            throw RequestRejectedException.Invalid($"{field} must be an integer from 0 to 65535.");
        return lun;
    }

    /// <summary>A field that may be one value or an array of them: returns the items (1 to <see cref="NameRules.MaxPaths"/>).</summary>
    public static IReadOnlyList<JsonElement> OneOrMany(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Array)
            return [value];
        var items = value.EnumerateArray().ToList();
        if (items.Count is 0 or > NameRules.MaxPaths)
            throw RequestRejectedException.Invalid($"{field} must hold 1 to {NameRules.MaxPaths} items.");
        return items;
    }

    public static IReadOnlyList<JsonElement> Array(JsonElement obj, string name, string where)
    {
        if (!TryGet(obj, name, out var value))
            return [];
        if (value.ValueKind != JsonValueKind.Array)
            throw RequestRejectedException.Invalid($"{where}{name} must be an array.");
        return OneOrMany(value, where + name);
    }

    public static string StringItem(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw RequestRejectedException.Invalid($"{field} must be a string.");
}
