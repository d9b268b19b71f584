using Brick.Contracts;
using Brick.Virt.Tests.Hostile;

namespace Brick.Worker.IntegrationTests.Blockresize;

/// <summary>
/// blockresize's hand-written hostile outcomes (<see cref="HostileOutcomes"/>) through a real broker to the service,
/// with a guest whose disk is on the outcomes' device: each ends in the error queue as <c>InvalidOutcome</c> (nothing
/// lost), the guest is asked nothing (not even for its disks) and keeps its size, nothing is published, and the service
/// still serves a valid outcome after them (no crash).
/// </summary>
public sealed partial class BlockresizeServiceTests
{
    [Fact]
    public async Task Every_hostile_outcome_ends_in_the_error_queue_as_InvalidOutcome_and_nothing_is_asked_of_the_guest()
    {
        var guest = Guest("web-1", 10 * GiB);
        await StartAsync();
        var hostile = HostileOutcomes.All(_host, Device);

        foreach (var outcome in hostile)
            await PublishRawAsync(System.Text.Encoding.UTF8.GetBytes(outcome.Body), "application/json");

        var copies = await ErrorCopies.TakeAsync(broker, EntityNames.BlockresizeErrorQueue(_host), hostile.Count, TimeSpan.FromSeconds(120));
        Assert.Equal(hostile.Count, copies.Count);
        Assert.All(copies, c => Assert.Equal("InvalidOutcome", c.Header(EntityNames.ReasonHeader)));
        Assert.Empty(guest.Commands);
        Assert.Equal(10 * GiB, guest.Disks[0].SizeBytes);
        Assert.Empty(_heard);

        await PublishAsync(Outcome(12 * GiB), envelope: false);
        await HeardAsync(EntityNames.GuestDiskResizedExchange, 12 * GiB);
        Assert.Equal(12 * GiB, guest.Disks[0].SizeBytes);
    }
}
