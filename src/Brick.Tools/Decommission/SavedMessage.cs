using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace Brick.Tools.Decommission;

/// <summary>
/// One message taken off a decommissioned host's queue, as one line of JSON: the queue it waited in, how it was
/// published (exchange, routing key, properties, headers) and its body (text where it is UTF-8, else
/// <c>bodyBase64</c>), so that an operator can read it, and re-send it wherever it belongs.
/// </summary>
internal static class SavedMessage
{
    /// <summary>Writes <paramref name="message"/>, taken from <paramref name="queue"/>, as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, string queue, BasicGetResult message)
    {
        var properties = message.BasicProperties;
        writer.WriteStartObject();
        writer.WriteString("queue", queue);
        writer.WriteString("exchange", message.Exchange);
        writer.WriteString("routingKey", message.RoutingKey);
        writer.WriteBoolean("redelivered", message.Redelivered);
        WriteIfPresent(writer, "contentType", properties.ContentType);
        WriteIfPresent(writer, "messageId", properties.MessageId);
        WriteIfPresent(writer, "correlationId", properties.CorrelationId);
        if (properties.IsTimestampPresent())
            writer.WriteNumber("timestamp", properties.Timestamp.UnixTime);
        writer.WritePropertyName("headers");
        WriteValue(writer, properties.Headers ?? new Dictionary<string, object?>());
        var body = message.Body.ToArray();
        if (IsUtf8(body))
            writer.WriteString("body", Encoding.UTF8.GetString(body));
        else
            writer.WriteBase64String("bodyBase64", body);
        writer.WriteEndObject();
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
            writer.WriteString(name, value);
    }

    /// <summary>An AMQP field value as JSON: byte strings as text (RabbitMQ.Client reads every long string so), tables and arrays as such.</summary>
    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case byte[] bytes when IsUtf8(bytes): writer.WriteStringValue(Encoding.UTF8.GetString(bytes)); break;
            case byte[] bytes: writer.WriteBase64StringValue(bytes); break;
            case string text: writer.WriteStringValue(text); break;
            case bool flag: writer.WriteBooleanValue(flag); break;
            case AmqpTimestamp time: writer.WriteNumberValue(time.UnixTime); break;
            case IDictionary<string, object?> table:
                writer.WriteStartObject();
                foreach (var (key, item) in table)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item);
                }

                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                    WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            case sbyte or byte or short or ushort or int or uint or long: writer.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case ulong big: writer.WriteNumberValue(big); break;
            case float or double or decimal: writer.WriteNumberValue(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            default: writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
        }
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
