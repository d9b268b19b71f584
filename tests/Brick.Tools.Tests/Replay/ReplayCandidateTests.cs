using System.Text;
using Brick.Tools.Replay;
using RabbitMQ.Client;

namespace Brick.Tools.Tests.Replay;

/// <summary>Reading a message in a source queue: validated as the worker validates it, against the host it names.</summary>
public sealed class ReplayCandidateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    internal const string Valid = """
        {"volumeId":"vol-1","host":"compute-07","newSizeBytes":21474836480,"requestedAt":"2026-11-25T10:00:00Z",
         "connection":{"driverVolumeType":"local","data":{"device_path":"/dev/loop0"}}}
        """;

    private static ReplayCandidate Read(string body, string? contentType = "application/json", IDictionary<string, object?>? headers = null,
        long? timestamp = null)
    {
        var properties = new BasicProperties { ContentType = contentType, MessageId = "m-1", Headers = headers };
        if (timestamp is { } t)
            properties.Timestamp = new AmqpTimestamp(t);
        return ReplayCandidate.Read(properties, Encoding.UTF8.GetBytes(body), Now);
    }

    [Fact]
    public void A_valid_raw_request_is_replayable_to_the_host_it_names()
    {
        var message = Read(Valid);

        Assert.True(message.IsValid, message.Problem);
        Assert.Equal(("vol-1", "compute-07", 21474836480L), (message.VolumeId, message.Host, message.NewSizeBytes));
        Assert.Equal("m-1", message.MessageId);
        Assert.Equal(Encoding.UTF8.GetByteCount(Valid), message.BodyBytes);
    }

    [Fact]
    public void A_request_in_a_MassTransit_envelope_is_read_from_its_message()
    {
        var message = Read($$"""{"messageId":"e-1","message":{{Valid}}}""", "application/vnd.masstransit+json");

        Assert.True(message.IsValid, message.Problem);
        Assert.Equal("compute-07", message.Host);
    }

    [Fact]
    public void A_request_for_a_driver_the_worker_does_not_support_is_still_replayed()
    {
        var message = Read(Valid.Replace("\"local\"", "\"rbd\"", StringComparison.Ordinal));

        Assert.True(message.IsValid, message.Problem);
    }

    [Theory]
    [InlineData("not json {", "application/json", "not valid JSON")]
    [InlineData("""{"volumeId":"vol-1","host":"compute-07","newSizeBytes":"lots"}""", "application/json", "newSizeBytes")]
    [InlineData("""{"volumeId":"vol-1","newSizeBytes":512}""", "application/json", "host")]
    [InlineData("""{"volumeId":"vol-1","host":"not a host!","newSizeBytes":512,"connection":{}}""", "application/json", "host")]
    [InlineData("{}", "text/plain", "content type")]
    public void A_body_that_is_not_a_VolumeExtended_is_invalid_with_the_reason(string body, string contentType, string said)
    {
        var message = Read(body, contentType);

        Assert.False(message.IsValid);
        Assert.Contains(said, message.Problem, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_reason_the_times_replayed_and_the_age_come_from_the_error_headers()
    {
        var headers = new Dictionary<string, object?>
        {
            ["brick-reason"] = "RescanTimeout"u8.ToArray(),
            ["brick-replayed"] = 2,
            ["MT-Fault-Timestamp"] = "2026-11-25T11:15:00.0000000Z"u8.ToArray(),
        };

        var message = Read(Valid, headers: headers, timestamp: Now.AddDays(-1).ToUnixTimeSeconds());

        Assert.Equal("RescanTimeout", message.Reason);
        Assert.Equal(2, message.TimesReplayed);
        Assert.Equal(TimeSpan.FromMinutes(45), message.Age);
    }

    [Fact]
    public void Without_a_fault_time_the_age_is_from_the_AMQP_timestamp_then_from_requestedAt()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), Read(Valid, timestamp: Now.AddMinutes(-10).ToUnixTimeSeconds()).Age);
        Assert.Equal(TimeSpan.FromHours(2), Read(Valid).Age);
        Assert.Null(Read(Valid.Replace("\"requestedAt\":\"2026-11-25T10:00:00Z\",", "", StringComparison.Ordinal)).Age);
    }

    [Fact]
    public void A_message_the_broker_dead_lettered_has_no_reason_so_a_reason_filter_never_takes_it_but_a_host_filter_does()
    {
        // What RabbitMQ adds past the delivery limit: the death history, never brick-reason (the worker never saw it fail).
        var headers = new Dictionary<string, object?>
        {
            ["x-death"] = new List<object?> { new Dictionary<string, object?> { ["reason"] = "delivery_limit"u8.ToArray(), ["count"] = 1L } },
            ["x-first-death-reason"] = "delivery_limit"u8.ToArray(),
            ["x-first-death-queue"] = "brick-worker.compute-07"u8.ToArray(),
        };

        var message = Read(Valid, headers: headers);

        Assert.True(message.IsValid, message.Problem);
        Assert.Null(message.Reason);
        Assert.Equal("compute-07", message.Host);
        var byReason = new ReplayFilter(new HashSet<string>(), new HashSet<string> { "RescanTimeout" }, null, null);
        Assert.Equal("reason none not among --reason", byReason.Excludes(message));
        Assert.Null((ReplayFilter.All with { Host = "compute-07" }).Excludes(message));
        Assert.NotNull((ReplayFilter.All with { Host = "compute-08" }).Excludes(message));
    }

    [Fact]
    public void A_dead_letters_age_is_from_when_the_broker_dead_lettered_it_not_from_when_it_was_published()
    {
        var headers = new Dictionary<string, object?>
        {
            ["x-death"] = new List<object?>
            {
                new Dictionary<string, object?> { ["queue"] = "brick-worker.compute-07"u8.ToArray(), ["time"] = new AmqpTimestamp(Now.AddMinutes(-5).ToUnixTimeSeconds()) },
            },
        };

        Assert.Equal(TimeSpan.FromMinutes(5), Read(Valid, headers: headers, timestamp: Now.AddDays(-3).ToUnixTimeSeconds()).Age);
    }

    [Fact]
    public void A_line_of_a_file_is_read_as_raw_JSON()
    {
        var line = ReplayCandidate.ReadLine(Encoding.UTF8.GetBytes(Valid), Now);

        Assert.True(line.IsValid, line.Problem);
        Assert.Null(line.MessageId);
        Assert.Null(line.Reason);
    }
}
