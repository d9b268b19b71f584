using Brick.Engine.Core;
using Brick.Engine.Programs;
using Brick.Engine.Operations;
using Brick.Engine.Kernel;
using Brick.Engine.Requests;
using Brick.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brick.Engine.Tests.RealKernel;

/// <summary>The engine against this machine's own kernel: a sparse file grown with truncate, attached with losetup.</summary>
public sealed class LoopDeviceTests
{
    [Fact]
    public async Task A_grown_backing_file_is_seen_through_the_real_loop_device()
    {
        Prerequisite.Require(Environment.UserName == "root" || geteuid() == 0, "the real loop-device test needs root");
        Prerequisite.Require(File.Exists("/dev/loop-control") && File.Exists(new ProgramPaths().Losetup), "the real loop-device test needs /dev/loop-control and losetup");

        var backing = Path.Combine(Path.GetTempPath(), $"brick-loop-{Guid.NewGuid():N}.img");
        await using (var file = File.Create(backing))
            file.SetLength(64 << 20);
        var loop = await RunAsync("losetup", "--find", "--show", backing);
        try
        {
            await using (var file = File.OpenWrite(backing))
                file.SetLength(128 << 20);
            var engine = new VolumeExtender(KernelRoots.Real, new ProgramPaths(), new CliWrapCommandRunner(NullLogger<CliWrapCommandRunner>.Instance),
                new EngineOptions(), TimeProvider.System, NullLogger<VolumeExtender>.Instance);
            var request = new ExtendRequest("vol-loop", "test-host", null, 128 << 20, new LocalTarget(loop), null, false, null);

            var outcome = await engine.ExtendAsync(request, TestContext.Current.CancellationToken);

            Assert.True(outcome.Succeeded, outcome.Detail);
            Assert.Equal(128L << 20, outcome.SizeBytes);
            Assert.Equal(loop, outcome.DevicePath);
            Console.Error.WriteLine($"real kernel: {loop} grew 64 MiB → {outcome.SizeBytes >> 20} MiB in {outcome.Elapsed.TotalMilliseconds:0} ms");
        }
        finally
        {
            await RunAsync("losetup", "--detach", loop);
            File.Delete(backing);
        }
    }

    [Fact]
    public async Task A_path_that_names_another_file_than_the_kernels_is_refused_and_the_real_loop_device_not_shrunk()
    {
        Prerequisite.Require(Environment.UserName == "root" || geteuid() == 0, "the real loop-device test needs root");
        Prerequisite.Require(File.Exists("/dev/loop-control") && File.Exists(new ProgramPaths().Losetup), "the real loop-device test needs /dev/loop-control and losetup");

        // The kernel holds 'held' (truncated to 32 MiB after attaching at 64: losetup --set-capacity would shrink the
        // device); a bind mount puts a 128 MiB file over its path, so loop/backing_file names a file that is not the
        // kernel's: what a worker in another mount namespace sees (issue 18, finding 12).
        var held = Path.Combine(Path.GetTempPath(), $"brick-loop-{Guid.NewGuid():N}.img");
        var other = held + ".other";
        await using (var file = File.Create(held))
            file.SetLength(64 << 20);
        await using (var file = File.Create(other))
            file.SetLength(128 << 20);
        var loop = await RunAsync("losetup", "--find", "--show", held);
        var mounted = false;
        try
        {
            await using (var file = File.OpenWrite(held))
                file.SetLength(32 << 20);
            await RunAsync("mount", "--bind", other, held);
            mounted = true;
            var engine = new VolumeExtender(KernelRoots.Real, new ProgramPaths(), new CliWrapCommandRunner(NullLogger<CliWrapCommandRunner>.Instance),
                new EngineOptions(), TimeProvider.System, NullLogger<VolumeExtender>.Instance);
            var request = new ExtendRequest("vol-loop", "test-host", null, 128 << 20, new LocalTarget(loop), null, false, null);

            var outcome = await engine.ExtendAsync(request, TestContext.Current.CancellationToken);

            Assert.Equal(Brick.Contracts.ResizeFailureReason.WwidMismatch, outcome.Reason);
            Assert.False(outcome.Retriable);
            Assert.Contains("the backing file the kernel holds", outcome.Detail);
            Assert.Equal(64L << 20, 512 * long.Parse(File.ReadAllText($"/sys/block/{Path.GetFileName(loop)}/size").Trim(), System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            if (mounted)
                await RunAsync("umount", held);
            await RunAsync("losetup", "--detach", loop);
            File.Delete(held);
            File.Delete(other);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern uint geteuid();

    private static async Task<string> RunAsync(string program, params string[] args) =>
        (await Brick.Testing.Programs.RunAsync(program, args, TimeSpan.FromSeconds(30))).Succeeded().Stdout.Trim();
}
