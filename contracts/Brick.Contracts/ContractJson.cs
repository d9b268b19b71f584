using System.Text.Json;

namespace Brick.Contracts;

/// <summary>The JSON settings of the wire contract: camelCase names, enums by name, nulls written.</summary>
public static class ContractJson
{
    /// <summary>Options for reading and writing contract messages as raw JSON.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    /// <summary>The same options, indented, for people.</summary>
    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };
}
