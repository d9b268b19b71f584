using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Brick.Contracts;

/// <summary>
/// Writes timestamps in UTC with a <c>Z</c> and no trailing zeros (<c>2026-11-25T10:00:01.25Z</c>); reads the ISO 8601
/// form of <see cref="ContractTimestamp"/> (seconds and an explicit offset), anything else a <see cref="JsonException"/>.
/// </summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && ContractTimestamp.TryParse(reader.GetString(), out var at)
            ? at
            : throw new JsonException("A timestamp must be an ISO 8601 date and time with seconds and an offset (Z or +hh:mm), e.g. 2026-11-25T09:30:00Z.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}
