using System.Globalization;
using System.Text.Json;
using Brick.Testing;
using RabbitMQ.Client;

namespace Brick.Worker.IntegrationTests;

/// <summary>
/// Entities of deploy/rabbitmq/definitions.json (the operator's; no worker declares them), declared on a test's broker
/// exactly as the file lists them, so that a test follows the file rather than a copy of it.
/// </summary>
public static class OperatorDefinitions
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(RepositoryRoot.Of("deploy", "rabbitmq", "definitions.json"))));

    private static JsonElement Root => Document.Value.RootElement;

    /// <summary>
    /// The dead-letter exchange <paramref name="exchange"/> a delivery-limit policy names, the fleet's dead-letter queue
    /// of the same name, and the binding between them.
    /// </summary>
    public static async Task DeclareDeadLetterPathAsync(IChannel channel, string exchange, CancellationToken cancellationToken)
    {
        var declared = Named("exchanges", exchange);
        var binding = Root.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("source").GetString() == exchange);
        var queueName = binding.GetProperty("destination").GetString()!;
        var queued = Named("queues", queueName);

        await channel.ExchangeDeclareAsync(exchange, declared.GetProperty("type").GetString()!, declared.GetProperty("durable").GetBoolean(),
            declared.GetProperty("auto_delete").GetBoolean(), Arguments(declared), cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(queueName, queued.GetProperty("durable").GetBoolean(), exclusive: false,
            queued.GetProperty("auto_delete").GetBoolean(), Arguments(queued), cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queueName, exchange, binding.GetProperty("routing_key").GetString()!, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The <c>rabbitmqctl set_policy</c> arguments (after <c>-p vhost</c>) of the file's policy <paramref name="name"/>,
    /// its definition changed by <paramref name="change"/>.
    /// </summary>
    public static string[] PolicyArguments(string name, Action<Dictionary<string, JsonElement>> change)
    {
        var policy = Named("policies", name);
        var rules = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(policy.GetProperty("definition").GetRawText())!;
        change(rules);
        return ["--apply-to", policy.GetProperty("apply-to").GetString()!,
            "--priority", policy.GetProperty("priority").GetInt32().ToString(CultureInfo.InvariantCulture),
            name, policy.GetProperty("pattern").GetString()!, JsonSerializer.Serialize(rules)];
    }

    private static JsonElement Named(string list, string name) =>
        Root.GetProperty(list).EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);

    private static Dictionary<string, object?> Arguments(JsonElement entity) =>
        entity.GetProperty("arguments").EnumerateObject().ToDictionary(a => a.Name, a => a.Value.ValueKind == JsonValueKind.Number
            ? a.Value.GetInt64()
            : (object?)a.Value.GetString());
}
