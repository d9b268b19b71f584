using System.Text.Json;
using System.Text.Json.Nodes;
using Brick.Service.Inbound;

namespace Brick.Cinder.Bridging;

/// <summary>
/// Undoes what Cinder's volume manager does to a connection before it stores it in the attachment row
/// (<c>VolumeManager._connection_create</c>: the driver's <c>data</c> copied, <c>driver_volume_type</c> and the other
/// top-level keys laid over it, <c>attachment_id</c> added): <c>driver_volume_type</c> becomes the contract's
/// <c>driverVolumeType</c>, <c>attachment_id</c> is dropped (the row's id is the attachment id), a nested <c>data</c>
/// object (a connection stored unflattened) is merged, and everything else goes back into <c>data</c>, without the keys
/// <see cref="SecretKeys"/> names, at any depth.
/// </summary>
public static class ConnectionUnflattener
{
    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = InboundReader.MaxDepth, AllowDuplicateProperties = false };

    /// <summary>The connection of <paramref name="connectionInfo"/>, or null with why not in <paramref name="problem"/>.</summary>
    public static UnflattenedConnection? Unflatten(string connectionInfo, out string? problem)
    {
        problem = null;
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(connectionInfo, documentOptions: Strict);
        }
        catch (JsonException)
        {
            problem = "connection_info is not JSON";
            return null;
        }

        if (parsed is not JsonObject flat)
        {
            problem = "connection_info is not a JSON object";
            return null;
        }

        if (!flat.TryGetPropertyValue("driver_volume_type", out var typeNode) || typeNode is not JsonValue typeValue
            || !typeValue.TryGetValue<string>(out var driverVolumeType) || driverVolumeType.Length == 0)
        {
            problem = "connection_info has no driver_volume_type";
            return null;
        }

        var data = new JsonObject();
        foreach (var (key, value) in flat)
        {
            if (key is "driver_volume_type" or "attachment_id")
                continue;
            if (key == "data" && value is JsonObject nested)
            {
                foreach (var (innerKey, innerValue) in nested)
                    Put(data, innerKey, innerValue);
                continue;
            }

            Put(data, key, value);
        }

        return new UnflattenedConnection(driverVolumeType, data);
    }

    private static void Put(JsonObject data, string key, JsonNode? value)
    {
        if (SecretKeys.IsSecret(key))
            return;
        data[key] = Stripped(value);
    }

    /// <summary>A copy of <paramref name="value"/> without secret keys in any object inside it.</summary>
    private static JsonNode? Stripped(JsonNode? value) => value switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => !SecretKeys.IsSecret(p.Key)).Select(p => KeyValuePair.Create(p.Key, Stripped(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Stripped)]),
        null => null,
        _ => value.DeepClone(),
    };
}
