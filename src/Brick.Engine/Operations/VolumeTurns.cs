using Brick.Contracts;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;

namespace Brick.Engine.Operations;

/// <summary>
/// Where requests wait for their volume's turn, and where waiting requests of one volume are joined: one operation on
/// the host (one rescan, one <c>resize map</c>) answers every request of the volume that is waiting when its turn
/// comes, run for the largest size among them. Each request gets the outcome for itself: all of them the operation's
/// success (each asked for no more than it reached); on <c>RescanTimeout</c>, a request whose size the paths did reach
/// is run again by itself (once), the others get the failure. A request that says when it was asked
/// (<c>requestedAt</c>) is also answered, with no operation, by the last success of its volume that began at least
/// <see cref="RequestedAtMargin"/> after that (the array had grown for it before it was asked, so that operation's
/// rescan saw it) and whose paths reached its size: a storm of queued events costs each volume one operation,
/// whatever order the events come in. A waiting request holds no operation slot: a volume
/// takes one of the host's <c>MaxConcurrentOperations</c> slots only when its operation is about to run. Waiting, for
/// the volume and for a slot, is bounded by <paramref name="waitLimit"/>; past it the request fails (retriable).
/// </summary>
/// <param name="maxConcurrentOperations">How many operations (of different volumes) run at once on the host.</param>
/// <param name="waitLimit">How long a request may wait for its operation to start.</param>
/// <param name="clock">The engine's clock.</param>
/// <param name="run">
/// Runs one operation for a request; the second argument is how many requests it answers; the third keeps the
/// volume's turn and its host slot until a task ends (the release of locks held while abandoned work runs), after the
/// outcome has been given.
/// </param>
internal sealed class VolumeTurns(
    int maxConcurrentOperations, TimeSpan waitLimit, TimeProvider clock,
    Func<ExtendRequest, int, Action<Task>, CancellationToken, Task<ExtendOutcome>> run)
{
    /// <summary>How much later than a request's <c>requestedAt</c> an operation must have begun to answer it: clocks of the control plane and the host may differ by this.</summary>
    public static readonly TimeSpan RequestedAtMargin = TimeSpan.FromSeconds(1);

    /// <summary>At most this many volumes' last successes are kept; past it they are forgotten (they only save operations).</summary>
    private const int MaxRemembered = 65_536;

    private readonly Dictionary<string, VolumeLine> _lines = new(VolumeKey.Comparer);
    private readonly Dictionary<string, (DateTimeOffset BegunAt, long PathSize, ExtendOutcome Outcome)> _lastSuccess = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots = new(maxConcurrentOperations, maxConcurrentOperations);
    private long _operations;

    /// <summary>How many operations ran on the host (requests joined into one count once).</summary>
    public long Operations => Interlocked.Read(ref _operations);

    /// <summary>Volumes with requests waiting or running now.</summary>
    public int ActiveVolumes
    {
        get
        {
            lock (_lines)
                return _lines.Count;
        }
    }

    /// <summary>Waits for the volume's turn and returns the outcome of the operation that answered the request.</summary>
    public async Task<ExtendOutcome> TakeAsync(ExtendRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingRequest(request, TargetKey.Of(request), clock.GetTimestamp() + (long)(waitLimit.TotalSeconds * clock.TimestampFrequency));
        VolumeLine line;
        bool start;
        lock (_lines)
        {
            if (AnsweredAlready(pending) is { } answered)
                return answered;
            if (!_lines.TryGetValue(request.VolumeId, out line!))
                _lines[request.VolumeId] = line = new VolumeLine(request.VolumeId);
            line.Waiting.Add(pending);
            start = !line.Started;
            line.Started = true;
        }

        if (start)
        {
            // The line runs apart from this caller: later turns answer other requests, under their own log scopes.
            using (ExecutionContext.SuppressFlow())
                _ = Task.Run(() => RunLineAsync(line), CancellationToken.None);
        }

        using var deadline = new CancellationTokenSource(waitLimit, clock);
        using var expiry = deadline.Token.Register(() => GiveUp(line, pending));
        // Abandon ends the wait (the outcome cancelled) after taking the request out of its line.
        using var cancel = cancellationToken.Register(() => Abandon(line, pending));
        return await pending.Outcome.Task;
    }

    /// <summary>The request waited past its limit without its operation starting: it fails, retriable.</summary>
    private void GiveUp(VolumeLine line, PendingRequest pending)
    {
        CancellationTokenSource? emptied;
        lock (_lines)
        {
            if (pending.Running || !line.Waiting.Remove(pending))
                return;
            emptied = line.Waiting.Count == 0 ? line.Emptied : null;
        }

        CancelQuietly(emptied);
        pending.Outcome.TrySetResult(Waited(pending.Request));
    }

    /// <summary>The caller stopped waiting: out of the line, or, when every request of its operation has gone, the operation stops.</summary>
    private void Abandon(VolumeLine line, PendingRequest pending)
    {
        CancellationTokenSource? cancel;
        lock (_lines)
        {
            pending.Abandoned = true;
            if (!pending.Running)
            {
                line.Waiting.Remove(pending);
                cancel = line.Waiting.Count == 0 ? line.Emptied : null;
            }
            else
            {
                cancel = line.Batch is { } batch && batch.All(p => p.Abandoned) ? line.Stop : null;
            }
        }

        CancelQuietly(cancel);
        pending.Outcome.TrySetCanceled();
    }

    /// <summary>Cancels a source the line may have disposed in the meantime (its wait or operation ended first).</summary>
    private static void CancelQuietly(CancellationTokenSource? source)
    {
        try
        {
            source?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // What it would have stopped has ended.
        }
    }

    /// <summary>
    /// Runs the line's turns until no request waits. Whatever throws in it (the line's own bookkeeping; an operation's
    /// exception is its requests' outcome already) fails every request still in the line and ends the line, so that
    /// no request is left unanswered and the volume's turn is not left taken: the next request starts a new line.
    /// </summary>
    private async Task RunLineAsync(VolumeLine line)
    {
        try
        {
            await RunTurnsAsync(line);
        }
        catch (Exception e)
        {
            FailLine(line, e);
        }
    }

    /// <summary>Ends a line that threw: its requests (waiting or in its batch) get the exception, and the volume has no line.</summary>
    private void FailLine(VolumeLine line, Exception e)
    {
        List<PendingRequest> left;
        lock (_lines)
        {
            left = [.. line.Waiting, .. line.Batch ?? []];
            line.Waiting.Clear();
            line.Batch = null;
            if (_lines.TryGetValue(line.VolumeId, out var current) && current == line)
                _lines.Remove(line.VolumeId);
        }

        foreach (var pending in left)
            pending.Outcome.TrySetException(e);
    }

    private async Task RunTurnsAsync(VolumeLine line)
    {
        while (true)
        {
            CancellationToken emptied;
            lock (_lines)
            {
                if (line.Waiting.Count == 0)
                {
                    _lines.Remove(line.VolumeId);
                    return;
                }

                line.Emptied = new CancellationTokenSource();
                emptied = line.Emptied.Token;
            }

            var slot = false;
            try
            {
                await _slots.WaitAsync(emptied);
                slot = true;
            }
            catch (OperationCanceledException)
            {
                // Everyone waiting left (gave up or cancelled) before a slot came free: look again.
            }
            finally
            {
                lock (_lines)
                {
                    line.Emptied.Dispose();
                    line.Emptied = null;
                }
            }

            if (!slot)
                continue;
            try
            {
                await RunTurnAsync(line);
            }
            finally
            {
                _slots.Release();
            }
        }
    }

    /// <summary>Takes the next batch of the line and runs it; whatever throws answers the batch's requests with it.</summary>
    private async Task RunTurnAsync(VolumeLine line)
    {
        List<PendingRequest> batch;
        lock (_lines)
        {
            if (line.Waiting.Count == 0)
                return;
            var key = line.Waiting[0].Key;
            batch = [.. line.Waiting.Where(p => p.Key == key)];
            line.Waiting.RemoveAll(p => p.Key == key);
        }

        try
        {
            await RunBatchAsync(line, batch);
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
                pending.Outcome.TrySetException(e);
        }
    }

    private async Task RunBatchAsync(VolumeLine line, List<PendingRequest> batch)
    {
        List<(PendingRequest Pending, ExtendOutcome Outcome)> answered;
        lock (_lines)
        {
            answered = [];
            foreach (var pending in batch)
            {
                if (AnsweredAlready(pending) is { } outcome)
                    answered.Add((pending, outcome));
            }

            batch.RemoveAll(p => answered.Any(a => a.Pending == p));
            foreach (var pending in batch)
                pending.Running = true;
            line.Batch = batch;
            line.Stop = new CancellationTokenSource();
        }

        foreach (var (pending, outcome) in answered)
            pending.Outcome.TrySetResult(outcome);
        if (batch.Count == 0)
        {
            lock (_lines)
            {
                line.Batch = null;
                line.Stop.Dispose();
                line.Stop = null;
            }

            return;
        }

        var leader = batch.MaxBy(p => p.Request.NewSizeBytes)!;
        Interlocked.Increment(ref _operations);
        var holds = new List<Task>();
        try
        {
            var begunAt = clock.GetUtcNow();
            var outcome = await run(leader.Request, batch.Count, hold => { lock (holds) holds.Add(hold); }, line.Stop.Token);
            Remember(leader.Key, begunAt, outcome);
            Answer(line, batch, outcome);
        }
        catch (OperationCanceledException)
        {
            foreach (var pending in batch)
                pending.Outcome.TrySetCanceled();
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
                pending.Outcome.TrySetException(e);
        }
        finally
        {
            lock (_lines)
            {
                line.Batch = null;
                line.Stop.Dispose();
                line.Stop = null;
            }
        }

        await HeldAsync(holds);
    }

    /// <summary>Waits, with the outcome given, until what the operation held is released (its abandoned work ended).</summary>
    private static async Task HeldAsync(List<Task> holds)
    {
        Task[] pending;
        lock (holds)
            pending = [.. holds];
        try
        {
            await Task.WhenAll(pending);
        }
        catch (Exception)
        {
            // A release that failed has ended all the same; the hold logged what it could.
        }
    }

    /// <summary>Gives each request of the operation its outcome, or puts it back for a turn of its own.</summary>
    private void Answer(VolumeLine line, List<PendingRequest> batch, ExtendOutcome outcome)
    {
        var reached = outcome is { Succeeded: false, Reason: ResizeFailureReason.RescanTimeout } ? AgreedPathSize(outcome) : null;
        var now = clock.GetTimestamp();
        var answered = new List<PendingRequest>();
        lock (_lines)
        {
            foreach (var pending in batch)
            {
                if (reached is { } size && pending.Request.NewSizeBytes <= size && !pending.Requeued && !pending.Abandoned && now < pending.Deadline)
                {
                    pending.Requeued = true;
                    pending.Running = false;
                    line.Waiting.Insert(0, pending);
                }
                else
                {
                    answered.Add(pending);
                }
            }
        }

        foreach (var pending in answered)
            pending.Outcome.TrySetResult(outcome);
    }

    /// <summary>The last success of the request's volume, when it began after the request was asked and reached its size; under the lock.</summary>
    private ExtendOutcome? AnsweredAlready(PendingRequest pending) =>
        pending.Request.RequestedAt is { } askedAt
        && _lastSuccess.TryGetValue(pending.Key, out var last)
        // BegunAt is this host's clock, askedAt anything a message says: askedAt + margin may not be a date.
        && last.BegunAt.UtcTicks - askedAt.UtcTicks >= RequestedAtMargin.Ticks
        && pending.Request.NewSizeBytes <= last.PathSize
            ? last.Outcome
            : null;

    private void Remember(string key, DateTimeOffset begunAt, ExtendOutcome outcome)
    {
        if (!outcome.Succeeded || AgreedPathSize(outcome) is not { } pathSize)
            return;
        lock (_lines)
        {
            if (_lastSuccess.Count >= MaxRemembered && !_lastSuccess.ContainsKey(key))
                _lastSuccess.Clear();
            if (!_lastSuccess.TryGetValue(key, out var known) || known.BegunAt <= begunAt)
                _lastSuccess[key] = (begunAt, pathSize, outcome);
        }
    }

    private static long? AgreedPathSize(ExtendOutcome outcome) =>
        outcome.Paths.Select(p => p.SizeBytes).Distinct().ToList() is [long agreed] ? agreed : null;

    private ExtendOutcome Waited(ExtendRequest request) => new(
        false, ResizeFailureReason.CommandFailed,
        $"Volume {request.VolumeId} did not get its turn within {waitLimit.TotalSeconds:0.###} s (other operations on it or on the host); nothing was done.",
        true, null, null, null, [], [], waitLimit);

    private sealed class VolumeLine(string volumeId)
    {
        public string VolumeId { get; } = volumeId;

        public List<PendingRequest> Waiting { get; } = [];

        public bool Started { get; set; }

        public CancellationTokenSource? Emptied { get; set; }

        public List<PendingRequest>? Batch { get; set; }

        public CancellationTokenSource? Stop { get; set; }
    }
}
