using System.Text.Json;
using Brick.Contracts;
using RabbitMQ.Client;

namespace Brick.Worker.IntegrationTests;

/// <summary>One outcome as a plain client reads it: which exchange, the content type, and the message object (unwrapped from an envelope).</summary>
public sealed record Outcome(string Exchange, string RoutingKey, string? ContentType, JsonElement Message)
{
    /// <summary>The whole MassTransit envelope, when the outcome came in one.</summary>
    public JsonElement? Envelope { get; init; }

    public bool Resized => Exchange == EntityNames.HostVolumeResizedExchange;

    public string? VolumeId => Text("volumeId");

    public string? Reason => Text("reason");

    public string? CorrelationId => Text("correlationId");

    public long? Long(string name) => Message.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;

    public string? Text(string name) => Message.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public bool? Flag(string name) => Message.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    public static Outcome Read(string exchange, string routingKey, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var message = properties.ContentType == "application/vnd.masstransit+json" ? root.GetProperty("message") : root;
        return new Outcome(exchange, routingKey, properties.ContentType, message.Clone())
        {
            Envelope = properties.ContentType == "application/vnd.masstransit+json" ? root.Clone() : null,
        };
    }

    public override string ToString() => $"{Exchange} {Message.GetRawText()}";
}
