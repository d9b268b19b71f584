using Brick.Contracts;
using Brick.Engine.Tests.Support;
using Brick.Simulation.Hosts;
using static Brick.Testing.Sizes;

namespace Brick.Engine.Tests.Discovery;

/// <summary>
/// The volume's identity wherever the request gives one, what a <c>local</c> request may touch, a loop device that
/// must not shrink, and identity read again before each later write.
/// </summary>
public sealed class IdentityTests : IAsyncLifetime
{
    private readonly SimulatedEngine _sim = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _sim.DisposeAsync();

    [Theory]
    [InlineData("/dev/sda")]
    [InlineData("/dev/dm-0")]
    [InlineData("/dev/mapper/crypt-vol")]
    public async Task A_local_device_outside_the_allow_list_is_InvalidRequest_and_nothing_runs(string devicePath)
    {
        var volume = _sim.Host.AddIscsiVolume(1 * GiB);
        _sim.Host.AddCrypt(volume.Map!, "crypt-vol");
        volume.Lun.Grow(2 * GiB);

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB).With(Connections.Local(devicePath)));

        Assert.Equal(ResizeFailureReason.InvalidRequest, outcome.Reason);
        Assert.False(outcome.Retriable);
        Assert.Contains("Brick:LocalDevicePatterns: /dev/loop*", outcome.Detail);
        Assert.Empty(_sim.Runner.Calls);
        Assert.Equal(0, _sim.Host.RescansWritten);
    }

    [Fact]
    public async Task A_local_path_that_leads_to_an_allowed_device_is_served()
    {
        var volume = _sim.Host.AddLoopVolume(64 << 20);
        File.CreateSymbolicLink(Path.Combine(_sim.Host.Roots.DevRoot, "disk", "by-id", "brick-scratch"), "../../" + volume.Paths[0]);
        volume.Lun.Grow(128 << 20);

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 128 << 20).With(Connections.Local("/dev/disk/by-id/brick-scratch")));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(128L << 20, outcome.SizeBytes);
    }

    [Fact]
    public async Task A_local_device_is_served_when_the_setting_allows_it()
    {
        await using var sim = new SimulatedEngine(SimulatedEngine.FastOptions with { LocalDevicePatterns = ["/dev/dm-?"] });
        var volume = sim.Host.AddIscsiVolume(1 * GiB);

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 1 * GiB).With(Connections.Local("/dev/" + volume.Map)));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal("/dev/" + volume.Map, outcome.DevicePath);
    }

    [Fact]
    public async Task A_WWID_given_for_a_loop_device_is_WwidMismatch_because_loop_devices_have_none()
    {
        var volume = _sim.Host.AddLoopVolume(64 << 20);
        volume.Lun.Grow(128 << 20);

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 128 << 20)
            .With(volume.Connection.With("scsi_wwn", "3600a09803830447a4f244c4657616f6f")));

        Assert.Equal(ResizeFailureReason.WwidMismatch, outcome.Reason);
        Assert.Contains("has no WWID", outcome.Detail);
        Assert.Empty(_sim.Runner.Calls);
    }

    [Fact]
    public async Task A_WWID_given_for_a_local_multipath_map_must_be_the_maps()
    {
        await using var sim = new SimulatedEngine(SimulatedEngine.FastOptions with { LocalDevicePatterns = ["/dev/dm-*"] });
        var volume = sim.Host.AddIscsiVolume(1 * GiB);
        var other = sim.Host.AddIscsiVolume(1 * GiB);

        var wrong = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 1 * GiB)
            .With(Connections.Local("/dev/" + volume.Map, ("scsi_wwn", other.Lun.Wwid))));
        var right = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 1 * GiB)
            .With(Connections.Local("/dev/" + volume.Map, ("scsi_wwn", volume.Lun.Wwid))));

        Assert.Equal(ResizeFailureReason.WwidMismatch, wrong.Reason);
        Assert.Contains($"reports {volume.Lun.Wwid}", wrong.Detail);
        Assert.True(right.Succeeded, right.Detail);
    }

    [Fact]
    public async Task A_WWID_given_for_an_NVMe_namespace_is_compared_with_its_identity()
    {
        var volume = _sim.Host.AddNvmeVolume(1 * GiB, controllers: 2, nativeMultipath: true);
        var other = _sim.Host.AddNvmeVolume(1 * GiB, controllers: 1, nativeMultipath: true);
        volume.Lun.Grow(2 * GiB);

        var wrong = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB)
            .With(volume.Connection.With("scsi_wwn", "uuid." + other.Lun.Wwid)));
        var rescansAfterWrong = _sim.Host.RescansWritten;
        var right = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB)
            .With(volume.Connection.With("scsi_wwn", "uuid." + volume.Lun.Wwid)));

        Assert.Equal(ResizeFailureReason.WwidMismatch, wrong.Reason);
        Assert.Equal(0, rescansAfterWrong);
        Assert.True(right.Succeeded, right.Detail);
    }

    [Fact]
    public async Task Paths_that_all_report_no_WWID_do_not_pass_when_the_request_names_one()
    {
        var volume = _sim.Host.AddIscsiVolume(1 * GiB, multipath: false);
        foreach (var path in volume.Paths)
            _sim.Host.RemoveWwid(path);
        volume.Lun.Grow(2 * GiB);

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.Equal(ResizeFailureReason.WwidMismatch, outcome.Reason);
        Assert.Contains("reports none", outcome.Detail);
        Assert.Equal(0, _sim.Host.RescansWritten);
    }

    [Fact]
    public async Task With_RequireWwid_an_iSCSI_request_without_a_WWID_is_InvalidRequest_and_nothing_runs()
    {
        await using var sim = new SimulatedEngine(SimulatedEngine.FastOptions with { RequireWwid = true });
        var volume = sim.Host.AddIscsiVolume(1 * GiB, multipath: false);
        volume.Lun.Grow(2 * GiB);

        var without = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB).With(volume.Connection.With("scsi_wwn", null)));
        var rescansAfterWithout = sim.Host.RescansWritten;
        var with = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.Equal(ResizeFailureReason.InvalidRequest, without.Reason);
        Assert.Contains("Brick:RequireWwid", without.Detail);
        Assert.Equal(0, rescansAfterWithout);
        Assert.True(with.Succeeded, with.Detail);
    }

    [Fact]
    public async Task Without_RequireWwid_an_iSCSI_request_without_a_WWID_is_served_on_paths_that_agree()
    {
        var volume = _sim.Host.AddIscsiVolume(1 * GiB, multipath: false);
        volume.Lun.Grow(2 * GiB);

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB).With(volume.Connection.With("scsi_wwn", null)));

        Assert.True(outcome.Succeeded, outcome.Detail);
    }

    [Fact]
    public async Task A_loop_device_whose_backing_file_was_truncated_is_not_shrunk()
    {
        var volume = _sim.Host.AddLoopVolume(128 << 20);
        _sim.Host.TruncateBackingFile(volume.Paths[0], 64 << 20);

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 128 << 20));

        Assert.Equal(ResizeFailureReason.PathSizeMismatch, outcome.Reason);
        Assert.False(outcome.Retriable);
        Assert.Contains("would shrink it", outcome.Detail);
        Assert.DoesNotContain(_sim.Runner.Calls, c => c.Arguments is ["--set-capacity", ..]);
        Assert.Equal(128L << 20, _sim.Host.SizeOf(volume.Paths[0]));
    }

    [Fact]
    public async Task The_crypt_mappings_identity_is_read_again_before_cryptsetup_resize()
    {
        string crypt = "";
        SimulatedEngine? engine = null;
        await using var sim = engine = new SimulatedEngine(runner: inner => new InterceptingRunner(inner, command =>
            command.Program == Brick.Simulation.Hosts.SimulatedHost.Commands.Multipathd ? ResizeThenSwapAsync(inner, command) : null));
        var volume = sim.Host.AddIscsiVolume(1 * GiB);
        crypt = sim.Host.AddCrypt(volume.Map!, "crypt-vol");
        volume.Lun.Grow(2 * GiB);

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.Equal(ResizeFailureReason.WwidMismatch, outcome.Reason);
        Assert.Contains($"dm/uuid of {crypt}", outcome.Detail);
        Assert.Contains("cryptsetup resize crypt-vol was not run", outcome.Detail);
        Assert.Equal(2 * GiB, sim.Host.SizeOf(volume.Map!));
        Assert.DoesNotContain(sim.Runner.Calls, c => c.Arguments[0] == "resize" && c.Program == "sim:cryptsetup");

        // multipathd resizes the map; meanwhile another mapping takes the crypt device's place.
        async Task<Brick.Engine.Programs.CommandResult> ResizeThenSwapAsync(Brick.Engine.Programs.ICommandRunner inner, Brick.Engine.Programs.CommandSpec command)
        {
            var result = await inner.RunAsync(command, TestContext.Current.CancellationToken);
            engine!.Host.SetDmUuid(crypt, "CRYPT-LUKS2-0000000000000000-someone-else");
            return result;
        }
    }

    [Fact]
    public async Task A_left_out_paths_identity_is_read_again_before_multipathd_add_path()
    {
        var returning = "";
        var stranger = "";
        SimulatedEngine? engine = null;
        await using var sim = engine = new SimulatedEngine(runner: inner => new InterceptingRunner(inner, command =>
            command.Arguments is ["resize", "map", ..] ? ResizeThenSwapAsync(inner, command) : null));
        var volume = sim.Host.AddIscsiVolume(10 * GiB);
        stranger = sim.Host.AddIscsiVolume(1 * GiB, multipath: false).Lun.Wwid;
        returning = volume.Paths[1];
        sim.Host.RemovePath(returning);
        volume.Lun.Grow(20 * GiB);
        sim.Host.RestorePath(returning);

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 20 * GiB));

        Assert.Equal(ResizeFailureReason.WwidMismatch, outcome.Reason);
        Assert.Contains($"The WWID of {returning} is '{stranger}' now", outcome.Detail);
        Assert.Contains($"multipathd add path {returning} was not run", outcome.Detail);
        Assert.DoesNotContain(sim.Runner.Calls, c => c.Arguments is ["add", "path", ..]);

        // multipathd resizes the map; meanwhile the array puts another LUN behind the path that was left out.
        async Task<Brick.Engine.Programs.CommandResult> ResizeThenSwapAsync(Brick.Engine.Programs.ICommandRunner inner, Brick.Engine.Programs.CommandSpec command)
        {
            var result = await inner.RunAsync(command, TestContext.Current.CancellationToken);
            engine!.Host.ChangeWwid(returning, stranger);
            return result;
        }
    }
}
