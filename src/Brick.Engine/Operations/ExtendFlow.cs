using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Discovery;
using Brick.Engine.Kernel;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;
using Brick.Engine.Rescan;
using Brick.Engine.Resize;
using Brick.Engine.Verify;
using Microsoft.Extensions.Logging;

namespace Brick.Engine.Operations;

/// <summary>
/// The steps of one request, in order: discover → rescan → wait for the paths → verify an NVMe head → resize the map →
/// rejoin left-out paths → resize the crypt mapping → verify. Built once per host; a run keeps its state in an
/// <see cref="OperationProgress"/>.
/// </summary>
internal sealed partial class ExtendFlow(
    Sysfs sys,
    DeviceDiscovery discovery,
    PathRescanner rescanner,
    PathSizeWaiter pathWaiter,
    MultipathResizer mapResizer,
    MultipathRejoiner mapRejoiner,
    CryptResizer cryptResizer,
    LayerVerifier verifier,
    OperationLocks locks,
    ILogger logger)
{
    /// <summary>Runs <paramref name="request"/> to its outcome; a failure of a step is a failed outcome, cancellation throws.</summary>
    public async Task<ExtendOutcome> RunAsync(ExtendRequest request, OperationProgress progress, CancellationToken cancellationToken)
    {
        try
        {
            return await RunStepsAsync(request, progress, cancellationToken);
        }
        catch (ExtendFailedException e)
        {
            return Failed(progress, e.Reason, e.Message, e.Retriable);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(progress, ResizeFailureReason.CommandFailed,
                $"Reading or writing the host's devices failed during {progress.Timeline.Current}: {e.Message}", true);
        }
    }

    /// <summary>The outcome when the operation's own time limit ended it: the reason is the one of the step it was at.</summary>
    public ExtendOutcome TimedOut(OperationProgress progress, TimeSpan limit)
    {
        var step = progress.Timeline.Current;
        var at = progress.WaitingFor is { } waiting ? $"it was waiting for {waiting}" : $"it was at step {step}";
        return Failed(progress, step.TimeoutReason, $"The operation did not finish within {limit.TotalSeconds:0.###} s ({at}).", true);
    }

    private async Task<ExtendOutcome> RunStepsAsync(ExtendRequest request, OperationProgress progress, CancellationToken cancellationToken)
    {
        var timeline = progress.Timeline;
        progress.WaitingFor = $"the host lock of volume {request.VolumeId}";
        // Released by the operation's end, not here: abandoned work keeps them held (AbandonedWorkHold).
        progress.Locks.Keep(await locks.VolumeAsync(request.VolumeId, cancellationToken));
        progress.WaitingFor = null;
        var devices = progress.Devices = timeline.Run(Step.Discover, () => discovery.Discover(request), Describe);
        LogDevices(logger, Describe(devices));
        progress.WaitingFor = "the locks of its devices (another operation on them)";
        progress.Locks.Keep(await locks.DevicesAsync(devices, cancellationToken));
        progress.WaitingFor = null;
        foreach (var path in devices.Paths)
            progress.PathSizes[path.Name] = PathSizeReader.Read(sys, path);

        // A request whose size every layer below a crypt mapping already shows (a replay, a duplicate, a stale event
        // of a storm) is answered from these reads: no rescan write, no program (wire-contract.md, Idempotent).
        var shown = SizedBelowCrypt(devices, request.NewSizeBytes, progress.PathSizes);
        long pathSize;
        if (shown is { } sized)
        {
            // A loop device's backing file that shrank below it is said so, as when it is grown (a size read; losetup
            // only where the path cannot tell it).
            foreach (var loop in devices.Paths.Where(p => p.Kind == PathKind.Loop))
                await rescanner.RequireLoopNotShrunkAsync(loop.Name, cancellationToken);
            pathSize = sized;
            LogAlreadySized(logger, sized);
        }
        else
        {
            await timeline.RunAsync(Step.Rescan, async () => { await rescanner.RescanAsync(devices.Paths, cancellationToken); return devices.Paths.Count; },
                n => $"{n} path(s)");

            pathSize = await timeline.RunAsync(Step.WaitPaths,
                () => pathWaiter.WaitAsync(devices.Paths, request.NewSizeBytes, progress.PathSizes,
                    () => devices.Identity.Require("rescanning a lagging path again"), cancellationToken),
                size => $"all paths show {size} bytes");

            if (devices.NvmeHead is { } head)
            {
                await timeline.RunAsync(Step.VerifyHead, () => verifier.RequireHeadAsync(head, pathSize, cancellationToken),
                    size => $"{head} shows {size} bytes");
            }

            if (devices.Map is { } map)
            {
                await timeline.RunAsync(Step.ResizeMap,
                    () => mapResizer.ResizeAsync(map, pathSize, () => devices.Identity.Require($"multipathd resize map /dev/{map}"), cancellationToken),
                    calls => calls == 0 ? $"{map} already shows {pathSize} bytes; multipathd not called" : $"{map} shows {pathSize} bytes after {calls} multipathd call(s)");
            }

            if (devices is { Map: { } mapped, OutsideMap.Count: > 0 })
            {
                await timeline.RunAsync(Step.RejoinMap,
                    () => mapRejoiner.RejoinAsync(mapped, devices.OutsideMap, path => devices.Identity.Require($"multipathd add path {path}"), cancellationToken),
                    n => $"{string.Join(", ", devices.OutsideMap)} back in {mapped}");
            }
        }

        if (devices.Crypt is { } crypt && !(shown is not null && cryptResizer.ShowsFilled(crypt, pathSize)))
        {
            await timeline.RunAsync(Step.ResizeCrypt,
                () => cryptResizer.ResizeAsync(crypt, pathSize, () => devices.Identity.Require($"cryptsetup resize {crypt.Name}"), cancellationToken),
                r => r.Resized ? $"{crypt.Device} ({crypt.Name}) grown to {r.Size} bytes" : $"{crypt.Device} ({crypt.Name}) already shows {r.Size} bytes");
        }

        var topSize = timeline.Run(Step.Verify, () => verifier.VerifyAll(devices, pathSize, progress.PathSizes), size => $"{devices.Top} shows {size} bytes");
        return progress.Succeeded(topSize);
    }

    /// <summary>
    /// The size every path shows, when they agree on it, it is at least <paramref name="requested"/>, and the NVMe head
    /// and the map (where there are) show it too with no path left out of the map; null otherwise. Sysfs reads only.
    /// </summary>
    private long? SizedBelowCrypt(VolumeDevices devices, long requested, Dictionary<string, long?> pathSizes)
    {
        if (devices.OutsideMap.Count > 0)
            return null;
        var sizes = devices.Paths.Select(p => pathSizes[p.Name]).Distinct().ToList();
        if (sizes is not [long size] || size < requested)
            return null;
        return new[] { devices.NvmeHead, devices.Map }.OfType<string>().All(layer => sys.ReadSizeBytes(layer) == size) ? size : null;
    }

    /// <summary>A failed outcome with the size the guest's device shows now, where its device is known and readable.</summary>
    private ExtendOutcome Failed(OperationProgress progress, ResizeFailureReason reason, string detail, bool retriable)
    {
        long? topSize = null;
        if (progress.Devices is { } devices)
        {
            try
            {
                topSize = sys.ReadSizeBytes(devices.Top);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ExtendFailedException)
            {
                topSize = null;
            }
        }

        return progress.Failed(reason, detail, retriable, topSize);
    }

    /// <summary>The layers that exist, bottom to top, e.g. <c>paths sda, sdb, map dm-0, crypt dm-1 (vol)</c>.</summary>
    private static string Describe(VolumeDevices devices) =>
        $"paths {string.Join(", ", devices.Paths.Select(p => p.Name))}"
        + (devices.NvmeHead is null ? "" : $", head {devices.NvmeHead}")
        + (devices.Map is null ? "" : $", map {devices.Map}")
        + (devices.Crypt is null ? "" : $", crypt {devices.Crypt.Device} ({devices.Crypt.Name})");

    [LoggerMessage(Level = LogLevel.Information, Message = "Every layer already shows {SizeBytes} bytes, at least the size asked: nothing written, no program started")]
    private static partial void LogAlreadySized(ILogger logger, long sizeBytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Devices: {Devices}")]
    private static partial void LogDevices(ILogger logger, string devices);
}
