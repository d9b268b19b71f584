using System.Text.Json;

namespace Brick.Contracts.Tests;

public sealed class ContractJsonTests
{
    [Fact]
    public void Failure_reasons_are_written_by_name() =>
        Assert.Equal("\"WwidMismatch\"", JsonSerializer.Serialize(ResizeFailureReason.WwidMismatch, ContractJson.Options));

    [Fact]
    public void Timestamps_are_written_in_utc_without_trailing_zeros()
    {
        var at = new DateTimeOffset(2026, 11, 25, 11, 0, 1, 250, TimeSpan.FromHours(1));
        var written = JsonSerializer.Serialize(new Stamped(at), ContractJson.Options);

        Assert.Equal("""{"at":"2026-11-25T10:00:01.25Z"}""", written);
    }

    [Theory]
    [InlineData("2026-11-25T09:30:00Z", true)]
    [InlineData("2026-11-25T11:30:00.1234567+02:00", true)]
    [InlineData("2026-11-25T09:30:00-00:00", true)]
    [InlineData("2026-11-25T09:30:00", false)]
    [InlineData("2026-11-25T09:30Z", false)]
    [InlineData("2026-11-25", false)]
    [InlineData("2026-06-30T23:59:60Z", false)]
    [InlineData("2026-11-25T09:30:00+14:01", false)]
    [InlineData("0001-01-01T00:00:00+14:00", false)]
    [InlineData("2026-11-25T09:30:00.12345678Z", false)]
    [InlineData("2026-11-25 09:30:00Z", false)]
    public void Timestamps_are_read_only_with_seconds_and_an_explicit_offset(string text, bool read)
    {
        var json = $$"""{"at":"{{text}}"}""";

        if (read)
            Assert.Equal(DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture), JsonSerializer.Deserialize<Stamped>(json, ContractJson.Options)!.At);
        else
            Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Stamped>(json, ContractJson.Options));
    }

    [Fact]
    public void Nulls_are_written()
    {
        var written = JsonSerializer.Serialize(new PathSize("sdc", null), ContractJson.Options);

        Assert.Equal("""{"device":"sdc","sizeBytes":null}""", written);
    }

    private sealed record Stamped([property: System.Text.Json.Serialization.JsonConverter(typeof(UtcTimestampConverter))] DateTimeOffset At);
}
