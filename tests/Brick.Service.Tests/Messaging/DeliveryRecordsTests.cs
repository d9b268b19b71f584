using Brick.Service.Messaging;

namespace Brick.Service.Tests.Messaging;

public sealed class DeliveryRecordsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Directory.CreateTempSubdirectory("brick-deliveries.").FullName, "deliveries");
    private readonly HashSet<string> _alive = new(StringComparer.Ordinal);

    [Fact]
    public void An_attempt_cut_short_by_the_death_of_its_worker_is_counted_by_the_next_worker()
    {
        _alive.Add("first");
        Assert.Equal(0, Records("first").Started("ABC")?.Crashes);
        _alive.Remove("first"); // killed while it worked on ABC

        var restarted = Records("second");
        _alive.Add("second");

        Assert.Equal(1, restarted.Started("ABC")?.Crashes);
        Assert.Equal(0, restarted.Started("DEF")?.Crashes);
    }

    [Fact]
    public void Redeliveries_to_a_worker_that_still_runs_count_nothing()
    {
        // Issue 18 finding 13: connection losses and broker failovers redeliver to the live worker; they are no crash.
        _alive.Add("live");
        var records = Records("live");

        Assert.Equal(0, records.Started("ABC")?.Crashes);
        for (var flap = 0; flap < 10; flap++)
            Assert.Equal(0, records.Started("ABC")?.Crashes);
    }

    [Fact]
    public void Another_worker_that_still_runs_is_no_crash_either()
    {
        _alive.Add("old");
        _alive.Add("new");
        Records("old").Started("ABC");

        Assert.Equal(0, Records("new").Started("ABC")?.Crashes);
    }

    [Fact]
    public void A_refused_move_to_the_error_queue_counts_as_an_attempt_cut_short()
    {
        _alive.Add("live");
        var records = Records("live");
        records.Started("ABC");

        records.Unfinished("ABC");

        Assert.Equal(1, records.Started("ABC")?.Crashes);
    }

    [Fact]
    public void A_failure_published_before_a_refused_move_is_the_answer_of_its_redeliveries_only()
    {
        _alive.Add("live");
        var records = Records("live");
        records.Started("ABC");

        records.Unfinished("ABC", "RescanTimeout");

        Assert.Equal(new DeliveryRecord(1, "RescanTimeout"), records.Started("ABC", redelivered: true));
        records.Unfinished("ABC"); // the move refused again: the answer stays
        Assert.Equal(new DeliveryRecord(2, "RescanTimeout"), records.Started("ABC", redelivered: true));
        // Published anew (an operator's replay): it has had no answer, it runs.
        Assert.Equal(new DeliveryRecord(2, null), records.Started("ABC", redelivered: false));
        Assert.Equal(new DeliveryRecord(2, null), records.Started("ABC", redelivered: true));
    }

    [Fact]
    public void A_reason_that_is_not_a_name_is_not_kept()
    {
        _alive.Add("live");
        var records = Records("live");
        records.Started("ABC");

        records.Unfinished("ABC", "Rescan\nanswered Injected");

        Assert.Equal(new DeliveryRecord(1, null), records.Started("ABC"));
    }

    [Fact]
    public void A_record_of_an_earlier_version_is_read_as_no_answer()
    {
        _alive.Add("live");
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "ABC"), "2");

        Assert.Equal(new DeliveryRecord(2, null), Records("live").Started("ABC"));
    }

    [Fact]
    public void A_message_that_ended_is_forgotten_and_its_record_removed()
    {
        var records = Records("first");
        records.Started("ABC");

        records.Forget("ABC");

        Assert.False(File.Exists(Path.Combine(_directory, "ABC")));
        Assert.Equal(0, Records("second").Started("ABC")?.Crashes);
    }

    [Fact]
    public void This_process_is_alive_by_its_token_and_a_made_up_one_is_not()
    {
        Assert.True(WorkerProcessToken.IsAlive(WorkerProcessToken.Current));
        Assert.False(WorkerProcessToken.IsAlive($"{Environment.ProcessId}-1"));
        Assert.False(WorkerProcessToken.IsAlive("not-a-token"));
    }

    [Fact]
    public void The_records_directory_is_made_for_the_owner_only()
    {
        Records("first").Started("ABC");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));
    }

    [Fact]
    public void A_directory_that_cannot_be_made_keeps_no_record_rather_than_failing_the_delivery()
    {
        var blocked = Path.Combine(Path.GetDirectoryName(_directory)!, "a-file");
        File.WriteAllText(blocked, "");

        Assert.Null(new DeliveryRecords(Path.Combine(blocked, "deliveries")).Started("ABC")?.Crashes);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_directory)!, recursive: true);

    private DeliveryRecords Records(string owner) => new(_directory, owner, _alive.Contains);
}
