using System.Collections.Concurrent;
using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Discovery;
using Brick.Engine.Kernel;
using Brick.Engine.Programs;

namespace Brick.Engine.Rescan;

/// <summary>
/// Asks the kernel to re-read path capacities: <c>1</c> into a SCSI disk's <c>device/rescan</c> or an NVMe controller's
/// <c>rescan_controller</c>, <c>losetup --set-capacity</c> for a loop device (only where the file the kernel holds for
/// it, <see cref="LoopBackingIdentity"/>, shows that cannot shrink it, <see cref="LoopCapacity"/>). Nothing else is written.
/// </summary>
/// <remarks>
/// A rescan write can block in the kernel for minutes (SCSI command time-outs × retries), and a blocked write cannot
/// be interrupted. Each runs on a thread of its own and is waited for at most <paramref name="commandTimeout"/> (and
/// the operation's own limit): then the step fails with <c>CommandFailed</c> and the write is abandoned, recorded as
/// the operation's <see cref="AbandonedWork"/> (its volume stays locked until the write returns). A blocked write keeps
/// its place among the <c>MaxConcurrentRescans</c> until it returns, and a device whose last write has not returned is
/// not written again.
/// </remarks>
internal sealed class PathRescanner(Sysfs sys, ICommandRunner runner, ProgramPaths commands, TimeSpan commandTimeout, SemaphoreSlim rescanGate)
{
    private readonly ConcurrentDictionary<string, Task> _inKernel = new(StringComparer.Ordinal);

    /// <summary>
    /// Rescans every path at once (each write is a round trip to the array, so a volume's paths cost one, not one
    /// each) and returns when all have returned; the first failure is thrown once every write has ended or been abandoned.
    /// </summary>
    public async Task RescanAsync(IEnumerable<PathDevice> paths, CancellationToken cancellationToken)
    {
        var controllers = new HashSet<string>(StringComparer.Ordinal);
        var writes = new List<Task>();
        foreach (var path in paths)
        {
            switch (path.Kind)
            {
                case PathKind.ScsiDisk:
                    writes.Add(WriteAsync(path.Name, () => sys.RescanScsiDisk(path.Name), cancellationToken));
                    break;
                case PathKind.NvmeNamespace or PathKind.NvmeHiddenPath when controllers.Add(path.Controller!):
                    writes.Add(WriteAsync(path.Controller!, () => sys.RescanNvmeController(path.Controller!), cancellationToken));
                    break;
                case PathKind.Loop:
                    writes.Add(SetLoopCapacityAsync(path.Name, cancellationToken));
                    break;
            }
        }

        await Task.WhenAll(writes);
    }

    private async Task WriteAsync(string device, Action write, CancellationToken cancellationToken)
    {
        if (_inKernel.TryGetValue(device, out var earlier) && !earlier.IsCompleted)
        {
            throw new ExtendFailedException(ResizeFailureReason.CommandFailed,
                $"An earlier rescan write to {device} has not returned from the kernel; it is not written again until it has.");
        }

        await rescanGate.WaitAsync(cancellationToken);
        var done = Task.Factory.StartNew(write, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _inKernel[device] = done;
        _ = done.ContinueWith(
            ended =>
            {
                _ = ended.Exception; // seen here when nobody waits for it any more
                rescanGate.Release();
                _inKernel.TryRemove(new KeyValuePair<string, Task>(device, ended));
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        try
        {
            await done.WaitAsync(commandTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            AbandonedWork.Current?.Add($"the rescan write to {device}", done);
            throw new ExtendFailedException(ResizeFailureReason.CommandFailed,
                $"The rescan write to {device} did not return within {commandTimeout.TotalSeconds:0.###} s (the kernel is still in it); it is abandoned, and the volume stays locked until it returns.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (!done.IsCompleted)
                AbandonedWork.Current?.Add($"the rescan write to {device}", done);
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExtendFailedException(ResizeFailureReason.CommandFailed, $"Could not ask {device} to rescan: {e.Message}");
        }
    }

    /// <summary>
    /// For a loop device that already shows the size asked (nothing is written): throws where its backing file shrank
    /// below it. Read from the path with no program where that answers it; else from the kernel's own account, as
    /// before <c>losetup --set-capacity</c>.
    /// </summary>
    public async Task RequireLoopNotShrunkAsync(string loop, CancellationToken cancellationToken)
    {
        if (LoopCapacity.PathShowsNoShrink(sys, loop))
            return;
        var kernelHolds = await LoopBackingIdentity.ReadAsync(runner, commands, commandTimeout, loop, cancellationToken);
        LoopCapacity.RequireNoShrink(sys, loop, kernelHolds);
    }

    private async Task SetLoopCapacityAsync(string loop, CancellationToken cancellationToken)
    {
        // The kernel's own account of the backing file first: the path in loop/backing_file may name another file here.
        var kernelHolds = await LoopBackingIdentity.ReadAsync(runner, commands, commandTimeout, loop, cancellationToken);
        LoopCapacity.RequireNoShrink(sys, loop, kernelHolds);
        var result = await runner.RunAsync(
            new CommandSpec(commands.Losetup, ["--set-capacity", $"/dev/{loop}"], commandTimeout), cancellationToken);
        if (!result.Succeeded)
            throw new ExtendFailedException(ResizeFailureReason.CommandFailed, $"losetup --set-capacity /dev/{loop} {result.Describe()}.");
    }
}
