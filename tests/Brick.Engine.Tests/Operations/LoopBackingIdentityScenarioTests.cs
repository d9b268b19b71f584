using Brick.Contracts;
using Brick.Engine.Tests.Support;

namespace Brick.Engine.Tests.Operations;

/// <summary>
/// A loop device's size is judged from the file the kernel holds for it (device and inode, <c>losetup --list</c>), not
/// from whatever its <c>loop/backing_file</c> path names where the worker runs (issue 18, finding 12).
/// </summary>
public sealed class LoopBackingIdentityScenarioTests
{
    [Fact]
    public async Task A_backing_file_path_that_names_another_file_than_the_kernels_is_refused_before_losetup_set_capacity()
    {
        await using var sim = new SimulatedEngine();
        var volume = sim.Host.AddLoopVolume(64 << 20);
        var loop = volume.Paths[0];
        // The file the kernel holds was truncated (losetup --set-capacity would shrink the device), and the path the worker
        // sees names another, larger file: a container's own file system, a mount over the path, or a replaced file.
        sim.Host.TruncateBackingFile(loop, 32 << 20);
        sim.Host.ReplaceBackingFile(loop, 128 << 20);

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 128 << 20));

        Assert.Equal(ResizeFailureReason.WwidMismatch, outcome.Reason);
        Assert.False(outcome.Retriable);
        Assert.Contains("the backing file the kernel holds", outcome.Detail);
        Assert.Contains("losetup --set-capacity was not run", outcome.Detail);
        Assert.DoesNotContain(sim.Runner.Calls, c => c.Arguments is ["--set-capacity", ..]);
        Assert.Equal(64L << 20, sim.Host.SizeOf(loop));
    }

    [Fact]
    public async Task A_backing_file_path_that_names_another_file_is_refused_even_where_that_file_is_large_enough()
    {
        await using var sim = new SimulatedEngine();
        var volume = sim.Host.AddLoopVolume(64 << 20);
        var loop = volume.Paths[0];
        sim.Host.ReplaceBackingFile(loop, 128 << 20);

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 128 << 20));

        Assert.Equal(ResizeFailureReason.WwidMismatch, outcome.Reason);
        Assert.DoesNotContain(sim.Runner.Calls, c => c.Arguments is ["--set-capacity", ..]);
        Assert.Equal(64L << 20, sim.Host.SizeOf(loop));
    }

    [Fact]
    public async Task A_loop_device_the_kernel_names_no_backing_file_for_is_not_given_a_capacity()
    {
        await using var sim = new SimulatedEngine(runner: inner => new InterceptingRunner(inner, command =>
            command.Arguments is ["--list", ..]
                ? Task.FromResult(new Brick.Engine.Programs.CommandResult(0, """{"loopdevices": [{"name": "/dev/loop0", "back-maj:min": null, "back-ino": null}]}""", "", TimeSpan.Zero))
                : null));
        var volume = sim.Host.AddLoopVolume(64 << 20, "/dev/loop0");
        volume.Lun.Grow(128 << 20);

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 128 << 20));

        Assert.Equal(ResizeFailureReason.CommandFailed, outcome.Reason);
        Assert.False(outcome.Retriable);
        Assert.Contains("did not say which file the kernel holds", outcome.Detail);
        Assert.DoesNotContain(sim.Runner.Calls, c => c.Arguments is ["--set-capacity", ..]);
    }
}
