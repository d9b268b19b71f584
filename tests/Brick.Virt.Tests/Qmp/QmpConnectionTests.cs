using System.Diagnostics;
using Brick.Contracts;
using Brick.Virt.Guests;
using Brick.Virt.Qmp;

namespace Brick.Virt.Tests.Qmp;

/// <summary>What blockresize takes from a socket in the QMP directory that does not behave as a monitor.</summary>
public sealed class QmpConnectionTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("brick-qmp-flood-");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task A_line_that_never_ends_is_cut_off_at_the_limit_while_it_is_read()
    {
        const long flood = 256L << 20;
        await using var monitor = new FloodingMonitor(Path.Combine(_directory.FullName, "flood.qmp"), flood);

        await using var qmp = await QmpConnection.OpenAsync(Path.Combine(_directory.FullName, "flood.qmp"), TimeSpan.FromSeconds(20), Cancel);
        var error = await Assert.ThrowsAsync<HypervisorException>(() => qmp.ExecuteAsync("query-block", null, Cancel));
        await qmp.DisposeAsync();
        await monitor.Served.WaitAsync(TimeSpan.FromSeconds(20), Cancel);

        Assert.Equal(GuestResizeFailureReason.HypervisorFailed, error.Reason);
        Assert.Contains($"longer than {QmpConnection.MaxLineBytes} bytes", error.Message, StringComparison.Ordinal);
        // What was taken: the limit and what the socket's buffers hold, never the whole flood.
        Assert.InRange(monitor.Sent, QmpConnection.MaxLineBytes, QmpConnection.MaxLineBytes + (16L << 20));
    }

    [Fact]
    public async Task Events_without_end_do_not_keep_a_command_waiting_past_its_time_limit()
    {
        await using var monitor = new FloodingMonitor(Path.Combine(_directory.FullName, "chatty.qmp"), long.MaxValue, events: true);
        // One limit bounds every step, the open's too: 1 s was missed by the open itself on a machine at load 40 (CI
        // shares its two cores), which is not what this test is about.
        var limit = TimeSpan.FromSeconds(3);
        await using var qmp = await QmpConnection.OpenAsync(Path.Combine(_directory.FullName, "chatty.qmp"), limit, Cancel);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<HypervisorException>(() => qmp.ExecuteAsync("query-block", null, Cancel));

        Assert.Equal(GuestResizeFailureReason.HypervisorTimeout, error.Reason);
        Assert.InRange(clock.Elapsed, limit * 0.9, limit + TimeSpan.FromSeconds(7));
    }
}
