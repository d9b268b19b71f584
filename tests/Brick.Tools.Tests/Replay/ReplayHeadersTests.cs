using System.Text;
using Brick.Tools.Replay;
using RabbitMQ.Client;

namespace Brick.Tools.Tests.Replay;

/// <summary>The replayed copy: the original's properties and headers, less what the failure and the broker added, plus the replay's own.</summary>
public sealed class ReplayHeadersTests
{
    private static BasicProperties Original(Dictionary<string, object?> headers) => new()
    {
        ContentType = "application/vnd.masstransit+json",
        MessageId = "m-1",
        CorrelationId = "c-1",
        DeliveryMode = DeliveryModes.Persistent,
        Type = "urn:message:Brick.Contracts:VolumeExtended",
        Headers = headers,
    };

    [Fact]
    public void The_failure_headers_are_dropped_and_every_other_header_and_property_is_kept()
    {
        var original = Original(new Dictionary<string, object?>
        {
            ["brick-reason"] = "RescanTimeout"u8.ToArray(),
            ["MT-Reason"] = "fault"u8.ToArray(),
            ["MT-Fault-ExceptionType"] = "Brick.Worker.Messaging.TransientFailureException"u8.ToArray(),
            ["MT-Fault-Message"] = "x"u8.ToArray(),
            ["MT-Fault-Timestamp"] = "2026-11-25T11:15:00Z"u8.ToArray(),
            ["MT-Host-MachineName"] = "compute-07"u8.ToArray(),
            ["MT-Redelivery-Count"] = 1,
            ["x-delivery-count"] = 3L,
            ["MT-Activity-Id"] = "00-abc-def-01"u8.ToArray(),
            ["tenant"] = "t-9"u8.ToArray(),
        });

        var copy = ReplayHeaders.ForReplay(original, "brick-worker.compute-07_error");

        Assert.Equal(["MT-Activity-Id", "brick-replayed", "brick-replayed-from", "tenant"], copy.Headers!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, copy.Headers["brick-replayed"]);
        Assert.Equal("brick-worker.compute-07_error", copy.Headers["brick-replayed-from"]);
        Assert.Equal(("application/vnd.masstransit+json", "m-1", "c-1"), (copy.ContentType, copy.MessageId, copy.CorrelationId));
        Assert.Equal(DeliveryModes.Persistent, copy.DeliveryMode);
        Assert.Equal("urn:message:Brick.Contracts:VolumeExtended", copy.Type);
        Assert.Equal(10, original.Headers!.Count); // the original is not touched
    }

    [Fact]
    public void The_death_history_the_broker_wrote_when_it_dead_lettered_the_message_is_dropped()
    {
        // As RabbitMQ leaves a request on brick.worker-dead-letter past the delivery limit of brick-worker.compute-07.
        var death = new Dictionary<string, object?>
        {
            ["count"] = 1L,
            ["reason"] = "delivery_limit"u8.ToArray(),
            ["queue"] = "brick-worker.compute-07"u8.ToArray(),
            ["time"] = new AmqpTimestamp(1_795_000_000),
            ["exchange"] = "brick.volume-extended"u8.ToArray(),
            ["routing-keys"] = new List<object?> { "compute-07"u8.ToArray() },
        };
        var original = Original(new Dictionary<string, object?>
        {
            ["x-death"] = new List<object?> { death },
            ["x-first-death-reason"] = "delivery_limit"u8.ToArray(),
            ["x-first-death-queue"] = "brick-worker.compute-07"u8.ToArray(),
            ["x-first-death-exchange"] = "brick.volume-extended"u8.ToArray(),
            ["x-last-death-reason"] = "delivery_limit"u8.ToArray(),
            ["x-last-death-queue"] = "brick-worker.compute-07"u8.ToArray(),
            ["x-last-death-exchange"] = "brick.volume-extended"u8.ToArray(),
            ["x-delivery-count"] = 21L,
            ["tenant"] = "t-9"u8.ToArray(),
        });

        var copy = ReplayHeaders.ForReplay(original, "brick.worker-dead-letter");

        Assert.Equal(["brick-replayed", "brick-replayed-from", "tenant"], copy.Headers!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("brick.worker-dead-letter", copy.Headers["brick-replayed-from"]);
        Assert.All(["x-death", "X-Death", "x-first-death-reason", "x-last-death-queue"], h => Assert.True(ReplayHeaders.IsDropped(h), h));
        Assert.False(ReplayHeaders.IsDropped("x-deathly-custom"));
    }

    [Fact]
    public void The_queue_a_message_was_last_dead_lettered_from_is_the_first_entry_of_its_x_death()
    {
        static Dictionary<string, object?> Death(string queue) => new() { ["queue"] = System.Text.Encoding.UTF8.GetBytes(queue), ["count"] = 1L };
        var headers = new Dictionary<string, object?>
        {
            ["x-death"] = new List<object?> { Death("brick-worker.compute-07"), Death("brick-worker.compute-09") },
            ["x-first-death-queue"] = "brick-worker.compute-09"u8.ToArray(),
        };

        Assert.Equal("brick-worker.compute-07", ReplayHeaders.DeadLetteredFrom(headers));
        Assert.Null(ReplayHeaders.DeadLetteredFrom(new Dictionary<string, object?> { ["x-first-death-queue"] = "brick-worker.compute-07"u8.ToArray() }));
        Assert.Null(ReplayHeaders.DeadLetteredFrom(new Dictionary<string, object?> { ["x-death"] = new List<object?>() }));
        Assert.Null(ReplayHeaders.DeadLetteredFrom(new Dictionary<string, object?> { ["x-death"] = "not a list"u8.ToArray() }));
        Assert.Null(ReplayHeaders.DeadLetteredFrom(null));
    }

    [Fact]
    public void The_time_a_message_was_last_dead_lettered_is_the_time_of_the_first_entry_of_its_x_death()
    {
        static Dictionary<string, object?> Death(long time) => new() { ["queue"] = "brick-worker.compute-07"u8.ToArray(), ["time"] = new AmqpTimestamp(time) };
        var headers = new Dictionary<string, object?> { ["x-death"] = new List<object?> { Death(1_795_000_000), Death(1_700_000_000) } };

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_795_000_000), ReplayHeaders.DeadLetteredAt(headers));
        Assert.Null(ReplayHeaders.DeadLetteredAt(new Dictionary<string, object?> { ["x-death"] = new List<object?> { Death(0) } }));
        Assert.Null(ReplayHeaders.DeadLetteredAt(new Dictionary<string, object?> { ["x-death"] = new List<object?> { new Dictionary<string, object?> { ["time"] = "yesterday"u8.ToArray() } } }));
        Assert.Null(ReplayHeaders.DeadLetteredAt(null));
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(5L, 6)]
    [InlineData(null, 1)]
    public void The_replay_count_goes_up_by_one_each_time(object? before, int after)
    {
        var headers = new Dictionary<string, object?>();
        if (before is not null)
            headers["brick-replayed"] = before;

        Assert.Equal(after, ReplayHeaders.ForReplay(Original(headers), "q").Headers!["brick-replayed"]);
    }

    [Fact]
    public void A_replay_count_written_as_text_by_another_client_is_read()
    {
        var headers = new Dictionary<string, object?> { ["brick-replayed"] = Encoding.UTF8.GetBytes("4") };

        Assert.Equal(4, ReplayHeaders.TimesReplayed(headers));
        Assert.Equal(0, ReplayHeaders.TimesReplayed(new Dictionary<string, object?> { ["brick-replayed"] = "x"u8.ToArray() }));
    }
}
