using Brick.Contracts;
using Brick.Engine.Requests;
using Brick.Engine.Tests.Support;
using static Brick.Testing.Sizes;

namespace Brick.Engine.Tests.Operations;

public sealed class NvmeScenarioTests : IAsyncLifetime
{
    private readonly SimulatedEngine _sim = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _sim.DisposeAsync();

    [Fact]
    public async Task A_native_multipath_namespace_with_4K_blocks_reports_its_size_in_bytes()
    {
        var volume = _sim.Host.AddNvmeVolume(1 * GiB, controllers: 2, nativeMultipath: true, logicalBlockSize: 4096);
        volume.Lun.Grow(2 * GiB);

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(2 * GiB, outcome.SizeBytes);
        Assert.Equal("/dev/" + volume.NvmeHead, outcome.DevicePath);
        Assert.Equal(2, outcome.Paths.Count);
        Assert.All(outcome.Paths, p => Assert.Equal(2 * GiB, p.SizeBytes));
        Assert.Empty(_sim.Runner.Calls);
    }

    [Fact]
    public async Task Hidden_native_multipath_paths_listed_in_sys_block_as_on_Linux_6_1_are_not_taken_for_the_head()
    {
        var volume = _sim.Host.AddNvmeVolume(1 * GiB, controllers: 2, nativeMultipath: true);
        Assert.All(volume.Paths, p => Assert.True(Directory.Exists(Path.Combine(_sim.Host.Roots.SysRoot, "block", p))));
        Assert.All(volume.Paths, p => Assert.False(File.Exists(Path.Combine(_sim.Host.Roots.DevRoot, p))));
        volume.Lun.Grow(2 * GiB);

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal("/dev/" + volume.NvmeHead, outcome.DevicePath);
    }

    [Fact]
    public async Task Per_controller_namespaces_without_native_multipath_are_each_rescanned()
    {
        var volume = _sim.Host.AddNvmeVolume(1 * GiB, controllers: 2, nativeMultipath: false);
        volume.Lun.Grow(3 * GiB);

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 3 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(volume.Paths.Order(), outcome.Paths.Select(p => p.Device).Order());
        Assert.Equal(3 * GiB, outcome.SizeBytes);
    }

    [Fact]
    public async Task Per_controller_namespaces_under_a_dm_multipath_map_are_extended_through_the_map()
    {
        var volume = _sim.Host.AddNvmeVolume(1 * GiB, controllers: 2, nativeMultipath: false, dmMultipath: true);
        volume.Lun.Grow(3 * GiB);

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 3 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(volume.Map, outcome.MultipathDevice);
        Assert.Equal("/dev/" + volume.Map, outcome.DevicePath);
        Assert.Equal(3 * GiB, outcome.SizeBytes);
        Assert.Equal(1, _sim.Host.Multipathd.Calls);
    }

    [Fact]
    public async Task A_capacity_change_announced_by_the_target_is_seen_without_waiting_for_a_rescan()
    {
        var volume = _sim.Host.AddNvmeVolume(1 * GiB);
        _sim.Host.NvmeAsyncEvents = true;
        volume.Lun.Grow(2 * GiB);

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
    }

    [Fact]
    public async Task A_controller_that_is_not_live_fails_fast_and_nothing_is_written()
    {
        var volume = _sim.Host.AddNvmeVolume(1 * GiB);
        volume.Lun.Grow(2 * GiB);
        _sim.Host.SetControllerState("nvme1", "connecting");

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.Equal(ResizeFailureReason.DeviceNotFound, outcome.Reason);
        Assert.Equal(0, _sim.Host.RescansWritten);
    }

    [Fact]
    public async Task A_namespace_uuid_that_is_not_on_the_subsystem_is_DeviceNotFound()
    {
        var volume = _sim.Host.AddNvmeVolume(1 * GiB);
        var request = volume.Request(SimulatedEngine.HostName, 2 * GiB);
        var other = request with
        {
            Connection = VolumeConnection.From("nvmeof", new Dictionary<string, object>
            {
                ["target_nqn"] = request.Connection.Data.GetProperty("target_nqn").GetString()!,
                ["vol_uuid"] = "00000000-0000-4000-8000-000000000000",
            }),
        };

        var outcome = await _sim.ExtendAsync(other);

        Assert.Equal(ResizeFailureReason.DeviceNotFound, outcome.Reason);
        Assert.Equal(0, _sim.Host.RescansWritten);
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000", null)]
    [InlineData(null, "00000000000000000000000000000000")]
    public async Task A_namespace_that_reports_an_all_zero_identifier_is_never_the_volume_even_for_an_all_zero_target(string? uuid, string? nguid)
    {
        // Issue 18 finding 16: all zero is what a namespace without a UUID/NGUID reports; it matched a request naming it.
        // The validator refuses such a request (RequestValidatorTests); the finder never matches it either.
        var nqn = "nqn.2014-08.org.example:zeros";
        var volume = _sim.Host.AddNvmeVolume(1 * GiB, nqn, uuid ?? "00000000-0000-0000-0000-000000000000", nguid ?? "00000000000000000000000000000000");
        volume.Lun.Grow(2 * GiB);
        var target = new NvmeofTarget(nqn, uuid?.Replace("-", "", StringComparison.Ordinal), nguid);
        var request = new ExtendRequest("vol-zero", SimulatedEngine.HostName, null, 2 * GiB, target, null, false, null);

        var outcome = await _sim.Engine.ExtendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(ResizeFailureReason.DeviceNotFound, outcome.Reason);
        Assert.Equal(0, _sim.Host.RescansWritten);
    }
}
