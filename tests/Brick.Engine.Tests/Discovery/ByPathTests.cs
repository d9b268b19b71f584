using Brick.Contracts;
using Brick.Engine.Tests.Support;
using static Brick.Testing.Sizes;

namespace Brick.Engine.Tests.Discovery;

/// <summary>
/// How an iSCSI path is found in <c>/dev/disk/by-path</c>: under its own udev name, under a prefixed one where that
/// is absent, and never by a name no file system could hold.
/// </summary>
public sealed class ByPathTests : IAsyncLifetime
{
    private readonly SimulatedEngine _sim = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _sim.DisposeAsync();

    [Fact]
    public async Task A_path_found_only_under_a_prefixed_udev_name_is_rescanned_with_the_others()
    {
        var volume = _sim.Host.AddIscsiVolume(1 * GiB);
        var entry = FirstEntry();
        var target = new FileInfo(entry).LinkTarget!;
        File.Delete(entry);
        File.CreateSymbolicLink(Prefixed(entry), target);
        volume.Lun.Grow(2 * GiB);

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(2L * GiB, outcome.SizeBytes);
        // Each path at least once: a loaded machine's kernel may take longer than the reissue interval, and the engine rescans a lagging path again.
        Assert.All(volume.Paths, p => Assert.True(_sim.Host.ScsiPath(p).Rescans >= 1, $"{p} was not rescanned"));
    }

    [Fact]
    public async Task A_path_under_its_own_name_is_taken_without_reading_the_other_entries_of_by_path()
    {
        var volume = _sim.Host.AddIscsiVolume(1 * GiB);
        // An entry that ends with the path's name and leads out of /dev: a scan of the directory would meet it and fail.
        File.CreateSymbolicLink(Prefixed(FirstEntry()), "/etc/passwd");
        volume.Lun.Grow(2 * GiB);

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        // Each path at least once: a loaded machine's kernel may take longer than the reissue interval, and the engine rescans a lagging path again.
        Assert.All(volume.Paths, p => Assert.True(_sim.Host.ScsiPath(p).Rescans >= 1, $"{p} was not rescanned"));
    }

    [Fact]
    public async Task A_portal_and_IQN_longer_than_a_file_name_are_DeviceNotFound_and_nothing_is_written()
    {
        var volume = _sim.Host.AddIscsiVolume(1 * GiB);
        var request = volume.Request(SimulatedEngine.HostName, 2 * GiB);
        var portal = new string('a', 240) + ".example.org:3260";
        request = request.With(request.Connection.With("target_portals", new[] { portal, portal }));

        var outcome = await _sim.ExtendAsync(request);

        Assert.Equal(ResizeFailureReason.DeviceNotFound, outcome.Reason);
        Assert.Contains(portal, outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(0, _sim.Host.RescansWritten);
        Assert.Empty(_sim.Runner.Calls);
    }

    /// <summary>The full path of the first entry of the simulated host's <c>/dev/disk/by-path</c>.</summary>
    private string FirstEntry() =>
        Directory.EnumerateFileSystemEntries(Path.Combine(_sim.Host.Roots.DevRoot, "disk", "by-path")).Order(StringComparer.Ordinal).First();

    /// <summary>The same entry's name as udev gives it behind an offload HBA: <c>pci-…-ip-…</c>.</summary>
    private static string Prefixed(string entry) => Path.Combine(Path.GetDirectoryName(entry)!, "pci-0000:00:1f.0-" + Path.GetFileName(entry));
}
