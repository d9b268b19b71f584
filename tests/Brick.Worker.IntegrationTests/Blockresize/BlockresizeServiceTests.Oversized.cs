using Brick.Contracts;

namespace Brick.Worker.IntegrationTests.Blockresize;

/// <summary>
/// Bodies above <c>MaxReceivedBytes</c> on blockresize's queue, as <c>OversizedBodyTests</c> holds them for <c>run</c>:
/// its connection does not read them into memory, the endpoint does not stall on them, each moves to the error queue
/// unread (its first bytes kept) as <c>InvalidOutcome</c> naming the limit, the guest is asked nothing, and the next
/// outcome is served.
/// </summary>
public sealed partial class BlockresizeServiceTests
{
    [Fact]
    public async Task Bodies_above_MaxReceivedBytes_move_unread_to_the_error_queue_as_InvalidOutcome_and_the_next_outcome_is_served()
    {
        var guest = Guest("web-1", 10 * GiB);
        await StartAsync(("Brick:MaxReceivedBytes", "1048576"));

        for (var i = 0; i < 2; i++)
        {
            var body = new byte[(4 << 20) + i];
            Array.Fill(body, (byte)'x');
            await PublishRawAsync(body, "application/json");
        }

        await PublishAsync(Outcome(12 * GiB), envelope: false);

        await HeardAsync(EntityNames.GuestDiskResizedExchange, 12 * GiB);
        var copies = await ErrorCopies.TakeAsync(broker, EntityNames.BlockresizeErrorQueue(_host), 2, TimeSpan.FromSeconds(90));
        Assert.Equal(2, copies.Count);
        Assert.All(copies, copy =>
        {
            Assert.Equal("InvalidOutcome", copy.Header(EntityNames.ReasonHeader));
            Assert.Contains(copy.Headers.Values, v => v.Contains("MaxReceivedBytes", StringComparison.Ordinal));
            Assert.True(copy.Body.Length <= 64 * 1024, $"the copy keeps {copy.Body.Length} bytes of the body");
        });
        Assert.DoesNotContain(guest.Commands, c => c.StartsWith("block_resize", StringComparison.Ordinal) && !c.EndsWith($" {12 * GiB}", StringComparison.Ordinal));
        Assert.Equal(0u, await MessagesInAsync(EntityNames.BlockresizeQueue(_host)));
    }
}
