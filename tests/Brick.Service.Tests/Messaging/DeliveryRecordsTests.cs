using Brick.Service.Messaging;

namespace Brick.Service.Tests.Messaging;

public sealed class DeliveryRecordsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Directory.CreateTempSubdirectory("brick-deliveries.").FullName, "deliveries");

    [Fact]
    public void Redeliveries_counted_by_one_worker_are_still_counted_by_the_next()
    {
        Assert.Equal(1, new DeliveryRecords(_directory).Redelivered("ABC"));

        var restarted = new DeliveryRecords(_directory);

        Assert.Equal(2, restarted.Redelivered("ABC"));
        Assert.Equal(1, restarted.Redelivered("DEF"));
    }

    [Fact]
    public void A_message_that_ended_is_forgotten_and_its_record_removed()
    {
        var records = new DeliveryRecords(_directory);
        records.Redelivered("ABC");

        records.Forget("ABC");

        Assert.False(File.Exists(Path.Combine(_directory, "ABC")));
        Assert.Equal(1, records.Redelivered("ABC"));
    }

    [Fact]
    public void The_records_directory_is_made_for_the_owner_only()
    {
        new DeliveryRecords(_directory).Redelivered("ABC");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));
    }

    [Fact]
    public void A_directory_that_cannot_be_made_counts_nothing_rather_than_failing_the_delivery()
    {
        var blocked = Path.Combine(Path.GetDirectoryName(_directory)!, "a-file");
        File.WriteAllText(blocked, "");

        Assert.Equal(0, new DeliveryRecords(Path.Combine(blocked, "deliveries")).Redelivered("ABC"));
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_directory)!, recursive: true);
}
