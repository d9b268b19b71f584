using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Discovery;
using Brick.Engine.Kernel;
using Brick.Engine.Programs;

namespace Brick.Engine.Rescan;

/// <summary>
/// Asks the kernel to re-read path capacities: <c>1</c> into a SCSI disk's <c>device/rescan</c> or an NVMe controller's
/// <c>rescan_controller</c>, <c>losetup --set-capacity</c> for a loop device. Nothing else is written.
/// </summary>
internal sealed class PathRescanner(Sysfs sys, ICommandRunner runner, ProgramPaths commands, TimeSpan commandTimeout, SemaphoreSlim rescanGate)
{
    public async Task RescanAsync(IEnumerable<PathDevice> paths, CancellationToken cancellationToken)
    {
        var controllers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            switch (path.Kind)
            {
                case PathKind.ScsiDisk:
                    await WriteAsync(path.Name, () => sys.RescanScsiDisk(path.Name), cancellationToken);
                    break;
                case PathKind.NvmeNamespace or PathKind.NvmeHiddenPath when controllers.Add(path.Controller!):
                    await WriteAsync(path.Controller!, () => sys.RescanNvmeController(path.Controller!), cancellationToken);
                    break;
                case PathKind.Loop:
                    await SetLoopCapacityAsync(path.Name, cancellationToken);
                    break;
            }
        }
    }

    private async Task WriteAsync(string device, Action write, CancellationToken cancellationToken)
    {
        await rescanGate.WaitAsync(cancellationToken);
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExtendFailedException(ResizeFailureReason.CommandFailed, $"Could not ask {device} to rescan: {e.Message}");
        }
        finally
        {
            rescanGate.Release();
        }
    }

    private async Task SetLoopCapacityAsync(string loop, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(
            new CommandSpec(commands.Losetup, ["--set-capacity", $"/dev/{loop}"], commandTimeout), cancellationToken);
        if (!result.Succeeded)
            throw new ExtendFailedException(ResizeFailureReason.CommandFailed, $"losetup --set-capacity /dev/{loop} {result.Describe()}.");
    }
}
