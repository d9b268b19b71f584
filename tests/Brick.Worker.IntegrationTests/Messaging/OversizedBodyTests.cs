using Brick.Contracts;
using RabbitMQ.Client;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Messaging;

/// <summary>
/// Bodies above what the worker's connection takes in (<c>MaxReceivedBytes</c>) on a real broker: the worker does not
/// read them into memory, does not stall on them, moves each to the error queue with its reason, and answers the next
/// valid request.
/// </summary>
public sealed class OversizedBodyTests(BrokerFixture broker)
{
    [Fact]
    public async Task Bodies_above_MaxReceivedBytes_end_in_the_error_queue_with_a_reason_and_the_next_request_is_answered()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker, "oversized",
            settings: new Dictionary<string, string?> { ["MaxReceivedBytes"] = "1048576" });
        var queue = EntityNames.WorkerQueue(scenario.HostName);
        var ct = TestContext.Current.CancellationToken;
        // With publisher confirms: unconfirmed, a publish followed at once by the channel's close never reached the quorum
        // queue in 8 of 40 tries on a loaded machine (RabbitMQ 3.10), which looked like the worker losing the second body.
        await using (var connection = await broker.ConnectAsync())
        await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct))
        {
            for (var i = 0; i < 2; i++)
            {
                var body = new byte[(4 << 20) + i];
                Array.Fill(body, (byte)'x');
                await channel.BasicPublishAsync("", queue, mandatory: false,
                    new BasicProperties { ContentType = "application/json", Persistent = true, MessageId = $"oversized-{i}" }, body, ct);
            }
        }

        scenario.Grow(0, 2 * GiB);
        var volume = Requests.UniqueVolume();
        await scenario.PublishAsync(scenario.Request(volume, 0, 2 * GiB));
        var outcome = await scenario.Client.WaitForVolumeAsync(volume, TimeSpan.FromSeconds(90));
        var copies = await ErrorCopies.TakeAsync(broker, EntityNames.ErrorQueue(scenario.HostName), 2, TimeSpan.FromSeconds(90));

        Assert.True(outcome.Resized, outcome.ToString());
        Assert.Equal(2, copies.Count);
        Assert.All(copies, copy =>
        {
            Assert.Equal("InvalidRequest", copy.Header(EntityNames.ReasonHeader));
            Assert.Contains(copy.Headers.Values, v => v.Contains("MaxReceivedBytes", StringComparison.Ordinal));
            Assert.True(copy.Body.Length <= 64 * 1024, $"the copy keeps {copy.Body.Length} bytes of the body");
        });
        Assert.Equal(0u, await ErrorCopies.CountAsync(broker, queue));
    }
}
