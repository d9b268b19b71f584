using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Discovery;
using Brick.Engine.Kernel;
using Brick.Engine.Outcomes;
using Brick.Engine.Programs;
using Brick.Engine.Requests;
using Brick.Engine.Rescan;
using Brick.Engine.Resize;
using Microsoft.Extensions.Logging;

namespace Brick.Engine.Operations;

/// <summary>One request's run through the steps: discover → rescan → wait for the paths → resize the map → resize the crypt mapping → verify.</summary>
internal sealed partial class ExtendOperation
{
    public sealed record Dependencies(
        Sysfs Sys, DevTree Dev, ICommandRunner Runner, ProgramPaths Commands, EngineOptions Options, TimeProvider Clock,
        SemaphoreSlim RescanGate, ILogger Logger);

    private readonly ExtendRequest _request;
    private readonly Dependencies _d;
    private readonly StepTimeline _timeline;
    private readonly Dictionary<string, long?> _pathSizes = new(StringComparer.Ordinal);
    private VolumeDevices? _devices;
    private string _step = "discover";

    public ExtendOperation(ExtendRequest request, Dependencies dependencies)
    {
        _request = request;
        _d = dependencies;
        _timeline = new StepTimeline(dependencies.Clock);
    }

    public async Task<ExtendOutcome> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await RunStepsAsync(cancellationToken);
        }
        catch (ExtendFailedException e)
        {
            return Failed(e.Reason, e.Message, e.Retriable);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(ResizeFailureReason.CommandFailed, $"Reading or writing the host's devices failed during {_step}: {e.Message}", true);
        }
    }

    /// <summary>The outcome when the operation's own time limit ended it, named after the step it was in.</summary>
    public ExtendOutcome TimedOut(TimeSpan limit)
    {
        var detail = $"The operation did not finish within {limit.TotalSeconds:0.###} s (it was at step {_step}).";
        return _step switch
        {
            "wait-paths" => Failed(ResizeFailureReason.RescanTimeout, detail, true),
            "resize-map" => Failed(ResizeFailureReason.MultipathResizeFailed, detail, true),
            _ => Failed(ResizeFailureReason.CommandFailed, detail, true),
        };
    }

    private async Task<ExtendOutcome> RunStepsAsync(CancellationToken cancellationToken)
    {
        var devices = _devices = _timeline.Run("discover", () => new DeviceDiscovery(_d.Sys, _d.Dev, _d.Options.RequireEveryListedPath).Discover(_request), Describe);
        LogDevices(_d.Logger, string.Join(",", devices.Paths.Select(p => p.Name)), devices.Map, devices.NvmeHead, devices.Crypt?.Device);
        foreach (var path in devices.Paths)
            _pathSizes[path.Name] = PathSizeReader.Read(_d.Sys, path);

        var rescanner = new PathRescanner(_d.Sys, _d.Runner, _d.Commands, _d.Options.CommandTimeout, _d.RescanGate);
        var settler = new SizeSettler(_d.Sys, _d.Options, _d.Clock);

        _step = "rescan";
        await _timeline.RunAsync(_step, async () => { await rescanner.RescanAsync(devices.Paths, cancellationToken); return devices.Paths.Count; },
            n => $"{n} path(s)");

        _step = "wait-paths";
        var pathSize = await _timeline.RunAsync(_step,
            () => new PathSizeWaiter(_d.Sys, rescanner, _d.Options, _d.Clock).WaitAsync(devices.Paths, _request.NewSizeBytes, _pathSizes, cancellationToken),
            size => $"all paths show {size} bytes");

        if (devices.NvmeHead is { } head)
        {
            _step = "verify-head";
            await _timeline.RunAsync(_step, () => RequireSizeAsync(settler, head, pathSize, ResizeFailureReason.PathSizeMismatch, cancellationToken),
                size => $"{head} shows {size} bytes");
        }

        if (devices.Map is { } map)
        {
            _step = "resize-map";
            var resizer = new MultipathResizer(_d.Sys, _d.Runner, _d.Commands, _d.Options, _d.Clock, settler);
            await _timeline.RunAsync(_step, () => resizer.ResizeAsync(map, pathSize, cancellationToken),
                calls => calls == 0 ? $"{map} already shows {pathSize} bytes; multipathd not called" : $"{map} shows {pathSize} bytes after {calls} multipathd call(s)");
        }

        if (devices is { Map: { } mapped, OutsideMap.Count: > 0 })
        {
            _step = "rejoin-map";
            var rejoiner = new MultipathRejoiner(_d.Sys, _d.Runner, _d.Commands, _d.Options, _d.Clock);
            await _timeline.RunAsync(_step, () => rejoiner.RejoinAsync(mapped, devices.OutsideMap, cancellationToken),
                n => $"{string.Join(", ", devices.OutsideMap)} back in {mapped}");
        }

        if (devices.Crypt is { } crypt)
        {
            _step = "resize-crypt";
            var resizer = new CryptResizer(_d.Sys, _d.Runner, _d.Commands, _d.Options, settler);
            await _timeline.RunAsync(_step, () => resizer.ResizeAsync(crypt, pathSize, cancellationToken),
                r => r.Resized ? $"{crypt.Device} ({crypt.Name}) grown to {r.Size} bytes" : $"{crypt.Device} ({crypt.Name}) already shows {r.Size} bytes");
        }

        _step = "verify";
        var topSize = _timeline.Run(_step, () => Verify(devices, pathSize), size => $"{devices.Top} shows {size} bytes");
        return Outcome(succeeded: true, null, null, retriable: false, topSize);
    }

    private static async Task<long> RequireSizeAsync(
        SizeSettler settler, string device, long expected, ResizeFailureReason reason, CancellationToken cancellationToken)
    {
        var size = await settler.WaitForAsync(device, expected, cancellationToken);
        return size == expected
            ? expected
            : throw new ExtendFailedException(reason, $"{device} shows {size} bytes while its paths show {expected}.");
    }

    /// <summary>Reads every layer once more: paths equal, map and head equal to the paths, and returns the guest device's size.</summary>
    private long Verify(VolumeDevices devices, long pathSize)
    {
        foreach (var path in devices.Paths)
            _pathSizes[path.Name] = PathSizeReader.Read(_d.Sys, path);
        var drifted = devices.Paths.Where(p => _pathSizes[p.Name] != pathSize).ToList();
        if (drifted.Count > 0)
        {
            throw new ExtendFailedException(ResizeFailureReason.PathSizeMismatch,
                $"Path {string.Join(", ", drifted.Select(p => $"{p.Name} shows {_pathSizes[p.Name]}"))} bytes at verification, not {pathSize}.");
        }

        foreach (var layer in new[] { devices.NvmeHead, devices.Map }.OfType<string>())
        {
            var size = _d.Sys.ReadSizeBytes(layer);
            if (size != pathSize)
                throw new ExtendFailedException(ResizeFailureReason.MultipathResizeFailed, $"{layer} shows {size} bytes at verification, not {pathSize}.", true);
        }

        return _d.Sys.ReadSizeBytes(devices.Top)
            ?? throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound, $"{devices.Top} has no size at verification.");
    }

    private ExtendOutcome Failed(ResizeFailureReason reason, string detail, bool retriable)
    {
        long? topSize = null;
        if (_devices is not null)
        {
            try
            {
                topSize = _d.Sys.ReadSizeBytes(_devices.Top);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                topSize = null;
            }
        }

        return Outcome(succeeded: false, reason, detail, retriable, topSize);
    }

    private ExtendOutcome Outcome(bool succeeded, ResizeFailureReason? reason, string? detail, bool retriable, long? topSize) => new(
        succeeded, reason, detail, retriable,
        _devices is null ? null : "/dev/" + _devices.Top,
        _devices?.Map,
        topSize,
        [.. _pathSizes.Select(p => new PathSize(p.Key, p.Value))],
        _timeline.Steps,
        _timeline.Elapsed);

    private static string Describe(VolumeDevices devices) =>
        $"paths {string.Join(", ", devices.Paths.Select(p => p.Name))}"
        + (devices.NvmeHead is null ? "" : $", head {devices.NvmeHead}")
        + (devices.Map is null ? "" : $", map {devices.Map}")
        + (devices.Crypt is null ? "" : $", crypt {devices.Crypt.Device} ({devices.Crypt.Name})");

    [LoggerMessage(Level = LogLevel.Information, Message = "Devices: paths {Paths}, map {Map}, NVMe head {NvmeHead}, crypt {Crypt}")]
    private static partial void LogDevices(ILogger logger, string paths, string? map, string? nvmeHead, string? crypt);
}
