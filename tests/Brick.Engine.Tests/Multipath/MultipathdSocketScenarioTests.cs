using System.Diagnostics;
using System.Net.Sockets;
using Brick.Contracts;
using Brick.Engine.Multipath;
using Brick.Engine.Tests.Support;
using Brick.Simulation.Devices;
using Brick.Simulation.Multipathd;
using static Brick.Testing.Sizes;

namespace Brick.Engine.Tests.Multipath;

/// <summary>
/// multipathd asked on its socket (the simulated host's, at <c>ROOT/run/multipathd.socket</c>, where the engine looks
/// beside a simulated tree) with no process started, and its program where nothing listens; the engine starts the
/// stand-in executables through the production runner, so the host counts every program start.
/// </summary>
public sealed class MultipathdSocketScenarioTests : IAsyncLifetime
{
    private readonly SimulatedEngine _sim = new(processes: true);
    private SimulatedVolume _volume = null!;

    public ValueTask InitializeAsync()
    {
        _volume = _sim.Host.AddIscsiVolume(10 * GiB, paths: 2, multipath: true);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _sim.DisposeAsync();

    [Fact]
    public async Task A_grown_two_path_multipath_event_through_the_socket_starts_no_process_at_all()
    {
        _sim.Host.ServeMultipathdSocket();
        _volume.Lun.Grow(20 * GiB);

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(20 * GiB, _sim.Host.SizeOf(_volume.Map!));
        Assert.Empty(_sim.Host.ProgramCalls);
        Assert.Empty(_sim.Runner.Calls);
        Assert.Equal([$"multipathd resize map /dev/{_volume.Map}"], _sim.Host.SocketCalls.Select(c => c.ToString()));
        Assert.Contains(_sim.Log.Messages, m => m.Contains("multipathd: commands go through its socket " + Path.Combine(_sim.Host.Directory, "run", "multipathd.socket"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_path_that_came_back_is_added_through_the_socket_too()
    {
        _sim.Host.ServeMultipathdSocket();
        var returning = _volume.Paths[1];
        _sim.Host.RemovePath(returning);
        _volume.Lun.Grow(20 * GiB);
        _sim.Host.RestorePath(returning);

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal([$"multipathd resize map /dev/{_volume.Map}", $"multipathd add path {returning}"], _sim.Host.SocketCalls.Select(c => c.ToString()));
        Assert.Empty(_sim.Host.ProgramCalls);
    }

    [Fact]
    public async Task With_no_socket_the_same_event_starts_the_multipathd_program()
    {
        _volume.Lun.Grow(20 * GiB);

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(20 * GiB, _sim.Host.SizeOf(_volume.Map!));
        Assert.Equal([$"multipathd resize map /dev/{_volume.Map}"], _sim.Host.ProgramCalls.Select(c => c.ToString()));
        Assert.Empty(_sim.Host.SocketCalls);
        Assert.Contains(_sim.Log.Messages, m => m.StartsWith("multipathd: commands go through its program ", StringComparison.Ordinal) && m.Contains("nothing listens on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_socket_file_nobody_listens_on_is_not_there_and_the_program_is_started()
    {
        var path = MultipathdSocketNames.DefaultFor(_sim.Host.Roots);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Bound and not listening, as the file of a multipathd that died (connecting is refused); .NET removes it on dispose.
        using var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        stale.Bind(new UnixDomainSocketEndPoint(path));
        Assert.True(new FileInfo(path).Attributes != (FileAttributes)(-1) && Path.Exists(path));
        _volume.Lun.Grow(20 * GiB);

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Single(_sim.Host.ProgramCalls, c => c.Program == "multipathd");
    }

    [Fact]
    public async Task The_socket_turned_off_starts_the_program_although_multipathd_listens()
    {
        await using var sim = new SimulatedEngine(SimulatedEngine.FastOptions with { MultipathdSocket = MultipathdSocketNames.Off }, processes: true);
        var volume = sim.Host.AddIscsiVolume(10 * GiB, paths: 2, multipath: true);
        sim.Host.ServeMultipathdSocket();
        volume.Lun.Grow(20 * GiB);

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Empty(sim.Host.SocketCalls);
        Assert.Single(sim.Host.ProgramCalls, c => c.Program == "multipathd");
    }

    [Theory]
    [InlineData(MultipathdReply.Garbage, "resize: ???")]
    [InlineData(MultipathdReply.Oversized, "the reply's length was 0 or more than 65536 bytes")]
    [InlineData(MultipathdReply.ExitNonZero, "the connection closed before a whole reply")]
    [InlineData(MultipathdReply.Hang, "no reply within 1 s")]
    public async Task A_socket_that_answers_badly_or_never_is_CommandFailed_within_the_command_limit_and_no_program_is_started(
        MultipathdReply reply, string said)
    {
        await using var sim = new SimulatedEngine(SimulatedEngine.FastOptions with { CommandTimeout = TimeSpan.FromSeconds(1) }, processes: true);
        var volume = sim.Host.AddIscsiVolume(10 * GiB, paths: 2, multipath: true);
        sim.Host.ServeMultipathdSocket();
        sim.Host.Multipathd.Then(reply);
        volume.Lun.Grow(20 * GiB);
        var clock = Stopwatch.StartNew();

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.Equal(ResizeFailureReason.CommandFailed, outcome.Reason);
        Assert.Contains($"multipathd resize map /dev/{volume.Map}", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains(said, outcome.Detail, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Single(sim.Host.SocketCalls);
        Assert.DoesNotContain(sim.Host.ProgramCalls, c => c.Program == "multipathd");
        Assert.Equal(10 * GiB, sim.Host.SizeOf(volume.Map!));
    }

    [Fact]
    public async Task Fail_on_the_socket_is_MultipathResizeFailed_as_from_the_program()
    {
        _sim.Host.ServeMultipathdSocket();
        _sim.Host.Multipathd.Then(MultipathdReply.Fail);
        _volume.Lun.Grow(20 * GiB);

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.Equal(ResizeFailureReason.MultipathResizeFailed, outcome.Reason);
        Assert.False(outcome.Retriable);
        Assert.Empty(_sim.Host.ProgramCalls);
    }

    [Fact]
    public async Task Timeout_on_the_socket_is_asked_again_on_the_socket_until_ok()
    {
        _sim.Host.ServeMultipathdSocket();
        _sim.Host.Multipathd.Then(MultipathdReply.Timeout, MultipathdReply.Timeout);
        _volume.Lun.Grow(20 * GiB);

        var outcome = await _sim.ExtendAsync(_volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(3, _sim.Host.SocketCalls.Count);
        Assert.Empty(_sim.Host.ProgramCalls);
    }
}
