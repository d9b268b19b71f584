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

    [Fact]
    public void Nulls_are_written()
    {
        var written = JsonSerializer.Serialize(new PathSize("sdc", null), ContractJson.Options);

        Assert.Equal("""{"device":"sdc","sizeBytes":null}""", written);
    }

    private sealed record Stamped([property: System.Text.Json.Serialization.JsonConverter(typeof(UtcTimestampConverter))] DateTimeOffset At);
}
