using System.Text;
using RabbitMQ.Client;

namespace Brick.Worker.IntegrationTests;

/// <summary>A message as it lies in an error queue: its headers (as text), body and content type.</summary>
public sealed record ErrorCopy(IReadOnlyDictionary<string, string> Headers, string Body, string? ContentType)
{
    /// <summary>The header <paramref name="name"/>, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Every header as <c>name: value</c>, one a line, for a failure message.</summary>
    public override string ToString() => string.Join('\n', Headers.Select(h => $"{h.Key}: {h.Value}")) + "\n\n" + Body;
}

/// <summary>Takes messages from a queue with their headers (the <see cref="ContractClient.TakeAsync"/> of headers).</summary>
public static class ErrorCopies
{
    /// <summary>
    /// Takes (acknowledges) the messages of <paramref name="queue"/> until <paramref name="expected"/> are taken or
    /// <paramref name="timeout"/> passes; a queue not declared yet, or a quorum queue whose member does not run yet, is empty.
    /// With <paramref name="leave"/> it only looks: nothing is acknowledged, the broker gives every message back.
    /// </summary>
    public static async Task<IReadOnlyList<ErrorCopy>> TakeAsync(BrokerFixture broker, string queue, int expected, TimeSpan timeout, bool leave = false)
    {
        var ct = TestContext.Current.CancellationToken;
        var taken = new List<ErrorCopy>();
        var deadline = DateTime.UtcNow + timeout;
        do
        {
            if (leave)
                taken.Clear(); // each look sees the whole queue again
            await using var connection = await broker.ConnectAsync();
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            try
            {
                while (await channel.BasicGetAsync(queue, autoAck: !leave, ct) is { } message)
                    taken.Add(Read(message.BasicProperties, message.Body));
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode is 404 or 541)
            {
            }

            if (taken.Count >= expected)
                break;
            await Task.Delay(200, ct);
        }
        while (DateTime.UtcNow < deadline);

        return taken;
    }

    /// <summary>How many messages <paramref name="queue"/> holds ready (0 when it is not there).</summary>
    public static async Task<uint> CountAsync(BrokerFixture broker, string queue)
    {
        await using var connection = await broker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            return await channel.MessageCountAsync(queue, TestContext.Current.CancellationToken);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return 0;
        }
    }

    private static ErrorCopy Read(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in properties.Headers ?? new Dictionary<string, object?>())
            headers[key] = Text(value);
        return new ErrorCopy(headers, Encoding.UTF8.GetString(body.Span), properties.ContentType);
    }

    private static string Text(object? value) => value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        IEnumerable<object?> list => string.Join(", ", list.Select(Text)),
        IDictionary<string, object?> table => string.Join(", ", table.Select(e => $"{e.Key}={Text(e.Value)}")),
        null => "",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
