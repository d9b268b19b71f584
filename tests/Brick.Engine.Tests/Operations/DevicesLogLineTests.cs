using Brick.Engine.Tests.Support;
using static Brick.Testing.Sizes;

namespace Brick.Engine.Tests.Operations;

/// <summary>The one line the engine logs about the devices it found names the layers that exist, and no others.</summary>
public sealed class DevicesLogLineTests
{
    [Fact]
    public async Task A_single_path_volume_is_logged_as_its_path_alone()
    {
        await using var sim = new SimulatedEngine();
        var volume = sim.Host.AddIscsiVolume(1 * GiB, paths: 1, multipath: false);
        volume.Lun.Grow(2 * GiB);

        await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.Contains($"Devices: paths {volume.Paths[0]}", sim.Log.Messages);
    }

    [Fact]
    public async Task A_multipath_volume_under_a_crypt_mapping_is_logged_with_its_map_and_crypt_mapping()
    {
        await using var sim = new SimulatedEngine();
        var volume = sim.Host.AddIscsiVolume(1 * GiB, paths: 2, multipath: true);
        var crypt = sim.Host.AddCrypt(volume.Map!, "crypt-vol");
        volume.Lun.Grow(2 * GiB);

        await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        var line = Assert.Single(sim.Log.Messages, m => m.StartsWith("Devices:", StringComparison.Ordinal));
        Assert.EndsWith($", map {volume.Map}, crypt {crypt} (crypt-vol)", line);
        Assert.DoesNotContain("null", line);
        Assert.DoesNotContain("head", line);
    }
}
