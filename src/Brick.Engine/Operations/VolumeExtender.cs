using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Discovery;
using Brick.Engine.Kernel;
using Brick.Engine.Multipath;
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
/// One operation per volume at a time, and the requests of a volume that wait meanwhile answered by one operation
/// (<see cref="VolumeTurns"/>); locks on the volume and its devices shared with other <c>brick-worker</c> processes
/// (<see cref="OperationLocks"/>); a bound on operations and on rescans per host; a limit on each operation and on
/// each request's wait.
/// </summary>
public sealed partial class VolumeExtender : IVolumeExtender
{
    private readonly ExtendFlow _flow;
    private readonly EngineOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly VolumeTurns _turns;

    /// <summary>Creates the engine for one host.</summary>
    public VolumeExtender(
        KernelRoots roots, ProgramPaths commands, ICommandRunner runner, EngineOptions options, TimeProvider clock, ILogger<VolumeExtender> logger)
    {
        _options = options;
        _clock = clock;
        _logger = logger;
        _turns = new VolumeTurns(options.MaxConcurrentOperations, options.OperationTimeout, clock, RunOperationAsync);
        var locks = new OperationLocks(new HostLockFiles(LockDirectories.For(options, roots), clock));
        var replies = runner as IMultipathdReplies;
        runner = new GuardedCommandRunner(runner);
        var socket = MultipathdSocketNames.For(options, roots) is { } name ? new MultipathdSocket(name, options.CommandTimeout) : null;
        var multipathd = new Multipathd(socket, new MultipathdProgram(runner, commands, options), replies, logger);

        var sys = new Sysfs(roots.SysRoot);
        var settler = new SizeSettler(sys, options, clock);
        var rescanner = new PathRescanner(sys, runner, commands, options.CommandTimeout,
            new SemaphoreSlim(options.MaxConcurrentRescans, options.MaxConcurrentRescans));
        _flow = new ExtendFlow(
            sys,
            new DeviceDiscovery(sys, new DevTree(roots.DevRoot), options),
            rescanner,
            new PathSizeWaiter(sys, rescanner, options, clock),
            new MultipathResizer(sys, multipathd, options, clock, settler),
            new MultipathRejoiner(sys, multipathd, options, clock),
            new CryptResizer(sys, runner, commands, options, settler),
            new LayerVerifier(sys, settler),
            locks,
            logger);
    }

    /// <summary>How many operations ran on the host: requests answered together count once.</summary>
    public long HostOperations => _turns.Operations;

    /// <inheritdoc />
    public async Task<ExtendOutcome> ExtendAsync(ExtendRequest request, CancellationToken cancellationToken)
    {
        using var scope = RequestLogScope.Begin(_logger, request);
        var outcome = await _turns.TakeAsync(request, cancellationToken);
        if (outcome.Succeeded)
            LogSucceeded(outcome.DevicePath, outcome.SizeBytes, (long)outcome.Elapsed.TotalMilliseconds);
        else
            LogFailed(outcome.Reason, outcome.Detail, outcome.Retriable);
        return outcome;
    }

    /// <summary>
    /// One operation on the host for <paramref name="request"/>, answering <paramref name="answers"/> requests, within
    /// the operation's limit. Its locks are released when it ends, or, where it abandoned work (a rescan write stuck in
    /// the kernel, a program that outlived its kill), once that work has ended: <paramref name="hold"/> keeps the
    /// volume's turn and its host slot until then. The outcome is not delayed.
    /// </summary>
    private async Task<ExtendOutcome> RunOperationAsync(ExtendRequest request, int answers, Action<Task> hold, CancellationToken cancellationToken)
    {
        using var scope = RequestLogScope.Begin(_logger, request);
        if (answers > 1)
            LogJoined(answers, request.NewSizeBytes);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.OperationTimeout);

        var progress = new OperationProgress(_clock);
        var abandoned = AbandonedWork.Current = new AbandonedWork();
        try
        {
            return await _flow.RunAsync(request, progress, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return _flow.TimedOut(progress, _options.OperationTimeout);
        }
        finally
        {
            AbandonedWork.Current = null;
            hold(AbandonedWorkHold.Release(progress.Locks, abandoned, _options, _clock, _logger));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "One operation answers {Requests} waiting requests of this volume, for the largest size, {NewSizeBytes} bytes")]
    private partial void LogJoined(int requests, long newSizeBytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Volume shows {SizeBytes} bytes on {DevicePath} after {ElapsedMs} ms")]
    private partial void LogSucceeded(string? devicePath, long? sizeBytes, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resize failed: {Reason}: {Detail} (retriable: {Retriable})")]
    private partial void LogFailed(ResizeFailureReason? reason, string? detail, bool retriable);
}
