using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Discovery;
using Brick.Engine.Kernel;
using Brick.Engine.Outcomes;
using Brick.Engine.Programs;
using Brick.Engine.Requests;
using Brick.Engine.Rescan;
using Brick.Engine.Resize;
using Brick.Engine.Verify;
using Microsoft.Extensions.Logging;

namespace Brick.Engine.Operations;

/// <summary>
/// The engine: for a validated request, finds the volume's devices, rescans every path, waits until they agree on
/// the new size, resizes the multipath map and a crypt mapping above it, verifies every layer, and says what it saw.
/// One operation per volume at a time; a bound on operations and on rescans per host; a limit on each operation.
/// </summary>
public sealed partial class VolumeExtender : IVolumeExtender
{
    private readonly ExtendFlow _flow;
    private readonly EngineOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly VolumeLocks _locks;

    /// <summary>Creates the engine for one host.</summary>
    public VolumeExtender(
        KernelRoots roots, ProgramPaths commands, ICommandRunner runner, EngineOptions options, TimeProvider clock, ILogger<VolumeExtender> logger)
    {
        _options = options;
        _clock = clock;
        _logger = logger;
        _locks = new VolumeLocks(options.MaxConcurrentOperations);
        runner = new GuardedCommandRunner(runner);

        var sys = new Sysfs(roots.SysRoot);
        var settler = new SizeSettler(sys, options, clock);
        var rescanner = new PathRescanner(sys, runner, commands, options.CommandTimeout,
            new SemaphoreSlim(options.MaxConcurrentRescans, options.MaxConcurrentRescans));
        _flow = new ExtendFlow(
            sys,
            new DeviceDiscovery(sys, new DevTree(roots.DevRoot), options),
            rescanner,
            new PathSizeWaiter(sys, rescanner, options, clock),
            new MultipathResizer(sys, runner, commands, options, clock, settler),
            new MultipathRejoiner(sys, runner, commands, options, clock),
            new CryptResizer(sys, runner, commands, options, settler),
            new LayerVerifier(sys, settler),
            logger);
    }

    /// <inheritdoc />
    public async Task<ExtendOutcome> ExtendAsync(ExtendRequest request, CancellationToken cancellationToken)
    {
        using var scope = RequestLogScope.Begin(_logger, request);

        var lease = await _locks.AcquireAsync(request.VolumeId, cancellationToken);
        var abandoned = AbandonedWork.Current = new AbandonedWork();
        ExtendOutcome outcome;
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(_options.OperationTimeout);
            var progress = new OperationProgress(_clock);
            try
            {
                outcome = await _flow.RunAsync(request, progress, limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                outcome = _flow.TimedOut(progress, _options.OperationTimeout);
            }
        }
        finally
        {
            AbandonedWork.Current = null;
            await AbandonedWorkHold.ReleaseAsync(lease, abandoned, _options, _clock, _logger);
        }

        if (outcome.Succeeded)
            LogSucceeded(outcome.DevicePath, outcome.SizeBytes, (long)outcome.Elapsed.TotalMilliseconds);
        else
            LogFailed(outcome.Reason, outcome.Detail, outcome.Retriable);
        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Volume shows {SizeBytes} bytes on {DevicePath} after {ElapsedMs} ms")]
    private partial void LogSucceeded(string? devicePath, long? sizeBytes, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resize failed: {Reason}: {Detail} (retriable: {Retriable})")]
    private partial void LogFailed(ResizeFailureReason? reason, string? detail, bool retriable);
}
