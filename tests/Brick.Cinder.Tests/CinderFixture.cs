using System.Text.Json;
using System.Text.Json.Nodes;

namespace Brick.Cinder.Tests;

/// <summary>The notification Cinder 21.3.1 itself sent (Fixtures/README.md), and variations of it made by changing its JSON.</summary>
internal static class CinderFixture
{
    /// <summary>The AMQP body as Cinder sent it.</summary>
    public static string Body => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "cinder-21.3.1-volume.resize.end.json"));

    /// <summary>The secrets the fixture's connections hold; none may leave the bridge.</summary>
    public static readonly string[] Secrets =
    [
        "chap-user-fixture", "chap-password-fixture", "discovery-user-fixture", "discovery-password-fixture", "secret-uuid-fixture", "keyring-fixture",
    ];

    /// <summary>The body as a JSON element.</summary>
    public static JsonElement Element() => JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>The body with its notification changed by <paramref name="change"/> (the <c>oslo.message</c> object).</summary>
    public static JsonElement With(Action<JsonObject> change)
    {
        var envelope = JsonNode.Parse(Body)!.AsObject();
        var notification = JsonNode.Parse(envelope["oslo.message"]!.GetValue<string>())!.AsObject();
        change(notification);
        envelope["oslo.message"] = notification.ToJsonString();
        return JsonSerializer.SerializeToElement(envelope);
    }

    /// <summary>The notification object itself, as the older <c>messaging</c> driver sends it (no oslo envelope).</summary>
    public static JsonElement Unwrapped() =>
        JsonDocument.Parse(JsonNode.Parse(Body)!["oslo.message"]!.GetValue<string>()).RootElement.Clone();
}
