using System.Text.Json;

namespace Brick.Benchmarks;

/// <summary>A client connection as the broker lists it: the name its client gave it, and its open channels.</summary>
public sealed record BrokerConnection(string Name, int Channels)
{
    /// <summary>
    /// Reads <c>rabbitmqctl list_connections client_properties channels --formatter json</c>: client properties come
    /// as an object or as <c>[name, type, value]</c> triples depending on the version; both are read.
    /// </summary>
    public static IReadOnlyList<BrokerConnection> ParseList(string json)
    {
        using var document = JsonDocument.Parse(json);
        var list = new List<BrokerConnection>();
        foreach (var connection in document.RootElement.EnumerateArray())
        {
            var channels = connection.TryGetProperty("channels", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : 0;
            list.Add(new BrokerConnection(NameOf(connection.GetProperty("client_properties")) ?? "", channels));
        }

        return list;
    }

    private static string? NameOf(JsonElement properties)
    {
        if (properties.ValueKind == JsonValueKind.Object)
            return properties.TryGetProperty("connection_name", out var name) ? name.ToString() : null;
        if (properties.ValueKind != JsonValueKind.Array)
            return null;
        foreach (var triple in properties.EnumerateArray())
        {
            if (triple.ValueKind == JsonValueKind.Array && triple.GetArrayLength() == 3 && triple[0].GetString() == "connection_name")
                return triple[2].ToString();
        }

        return null;
    }
}
