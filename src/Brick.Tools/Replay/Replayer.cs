using Brick.Contracts;
using Brick.Engine.Telemetry;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Brick.Tools.Replay;

/// <summary>
/// Moves messages from a source queue back to <c>brick.volume-extended</c>, keyed by the host each message names. From a
/// host's error queue only that host's own messages move (to that host); any other is left in place (<c>other-host</c>).
/// <para>
/// Lossless: a message is taken unacknowledged (<c>basic.get</c>), published with <c>mandatory</c> on a channel with
/// publisher confirms, and acknowledged at the source only once the broker has confirmed the copy. Whatever stops the
/// run (a kill, a broker restart, a network cut) leaves every message either still in the source or confirmed at the
/// destination, or both (a duplicate, which the contract's idempotence absorbs).
/// </para>
/// <para>
/// Order: the run takes every message that was in the source when it started, and holds each one it does not move
/// (filtered, beyond <c>--max</c>, invalid, for a host without a queue, a dry run) unacknowledged, so that none is taken
/// twice; at the end it gives them all back at once (<c>basic.nack</c>, multiple, requeue). Given back together and in
/// order, they keep their order among themselves: a classic queue puts them back at their old places, a quorum queue
/// puts them back together (RabbitMQ 3.10 appends them behind whatever arrived during the run). Messages that arrive
/// during the run (a replayed message that failed again, say) are not looked at: they are for the next run.
/// <c>basic.nack</c> rather than closing the channel: from RabbitMQ 4.3 a nack does not count against a quorum
/// queue's delivery limit.
/// </para>
/// </summary>
public sealed class Replayer
{
    private readonly BrokerAddress _broker;
    private readonly TimeProvider _clock;
    private readonly BrickMetrics? _metrics;
    private readonly IReplayCheckpoints _checkpoints;

    internal Replayer(BrokerAddress broker, TimeProvider clock, BrickMetrics? metrics = null, IReplayCheckpoints? checkpoints = null)
    {
        _broker = broker;
        _clock = clock;
        _metrics = metrics;
        _checkpoints = checkpoints ?? NoCheckpoints.Instance;
    }

    /// <summary>
    /// Runs <paramref name="plan"/>, counting in <paramref name="tally"/> as it goes (read it for a progress line, or
    /// for what was done when the run is cut short); <paramref name="report"/> hears of each message as it is dealt
    /// with. Cancelling stops the run; every message not moved stays in the source. A host's error queue that does not
    /// exist (no failure was ever moved there) is an empty run, which <see cref="ReplaySummary.NoSource"/> explains. Throws
    /// <see cref="ReplayFailedException"/> when the broker cannot be used or any other source does not exist.
    /// </summary>
    public async Task<ReplaySummary> ReplayAsync(
        ReplayPlan plan, ReplayTally tally, Func<ReplayedMessage, Task> report, CancellationToken cancellationToken)
    {
        await using var connection = await ReplayConnection.OpenAsync(_broker, cancellationToken);
        try
        {
            return await RunAsync(connection, plan, tally, report, cancellationToken);
        }
        catch (Exception e) when (BrokerErrors.IsBrokerError(e) && !cancellationToken.IsCancellationRequested)
        {
            throw new ReplayFailedException(BrokerErrors.Describe(e, _broker), e);
        }
    }

    private async Task<ReplaySummary> RunAsync(
        IConnection connection, ReplayPlan plan, ReplayTally tally, Func<ReplayedMessage, Task> report, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var queue = plan.Source.Queue;
        if (await RequireAsync(connection, plan.Source, cancellationToken) is not { } available)
        {
            tally.Begin(0);
            return tally.Snapshot() with { NoSource = NoErrorQueue(plan.Source) };
        }

        if (!plan.DryRun)
            await ReplayConnection.RequireExchangeAsync(connection, _broker, cancellationToken);

        tally.Begin(available);
        await using var probe = new WorkerQueueProbe(connection);
        ulong held = 0;
        try
        {
            for (var position = 1; position <= available; position++)
            {
                if (cancellationToken.IsCancellationRequested)
                    break;
                BasicGetResult? taken;
                try
                {
                    taken = await channel.BasicGetAsync(queue, autoAck: false, cancellationToken);
                }
                catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
                {
                    // Deleted under the run (decommission, say): whatever it still held, the messages held here among them, went with it.
                    throw new ReplayFailedException(
                        $"The queue {queue} was deleted on {_broker.Redacted} during the replay: the messages it still held went with it.", e);
                }

                if (taken is null)
                    break;

                var message = ReplayCandidate.Read(taken.BasicProperties, taken.Body, _clock.GetUtcNow());
                var (result, detail) = await DecideAsync(plan, message, Taken(tally.Snapshot()), probe, cancellationToken);
                if (result == ReplayResult.Moved)
                    (result, detail) = await MoveAsync(channel, taken, message, queue, cancellationToken);
                if (result != ReplayResult.Moved)
                    held = taken.DeliveryTag;

                tally.Add(result);
                _metrics?.ReplayMessage(result.Word());
                await report(new ReplayedMessage(position, result, detail, message));
            }
        }
        finally
        {
            await GiveBackAsync(channel, held);
        }

        return tally.Snapshot();
    }

    private static long Taken(ReplaySummary summary) => summary.Moved + summary.WouldMove;

    private static async Task<(ReplayResult, string?)> DecideAsync(
        ReplayPlan plan, ReplayCandidate message, long taken, WorkerQueueProbe probe, CancellationToken cancellationToken)
    {
        if (plan.Filter.Excludes(message) is { } excluded)
            return (ReplayResult.Skipped, excluded);
        if (!message.IsValid)
            return (ReplayResult.Invalid, message.Problem);
        if (plan.Source is { Kind: ReplaySourceKind.ErrorQueue, Host: { } own } && !string.Equals(message.Host, own, StringComparison.Ordinal))
        {
            return (ReplayResult.OtherHost,
                $"names host {message.Host}: a replay of {plan.Source.Queue} sends work to {own} only; left in place");
        }

        // A host's user may put a request naming another host into its own queue and have it dead-lettered (a reject
        // without requeue, or 21 returns): the fleet's queue then holds it, with the host's own queue in x-death. Only a
        // dead letter from the queue of the host it names goes back to that host.
        if (plan.Source.Kind == ReplaySourceKind.DeadLetter && message.DeadLetteredFrom != EntityNames.WorkerQueue(message.Host!))
        {
            return (ReplayResult.OtherHost,
                $"names host {message.Host} but the broker dead-lettered it from {message.DeadLetteredFrom ?? "no queue it named"}: sent only to the host whose queue it left; left in place");
        }

        if (plan.Max is { } max && taken >= max)
            return (ReplayResult.Skipped, $"beyond --max {max}");
        if (!await probe.ExistsAsync(message.Host!, cancellationToken))
            return (ReplayResult.NoWorkerQueue, $"no queue {EntityNames.WorkerQueue(message.Host!)} yet: it would only go back to {EntityNames.Unrouted}");
        return plan.DryRun ? (ReplayResult.WouldMove, null) : (ReplayResult.Moved, null);
    }

    private async Task<(ReplayResult, string?)> MoveAsync(
        IChannel channel, BasicGetResult taken, ReplayCandidate message, string queue, CancellationToken cancellationToken)
    {
        await _checkpoints.BeforePublishAsync(message, cancellationToken);
        try
        {
            await channel.BasicPublishAsync(EntityNames.VolumeExtendedExchange, message.Host!, mandatory: true,
                ReplayHeaders.ForReplay(taken.BasicProperties, queue), taken.Body, cancellationToken);
        }
        catch (PublishException e)
        {
            return (ReplayResult.Refused, e is PublishReturnException returned
                ? $"returned by the broker: {returned.ReplyCode} {returned.ReplyText}"
                : "the broker did not confirm the publish (nack)");
        }

        await _checkpoints.BeforeAckAsync(message, cancellationToken);
        await channel.BasicAckAsync(taken.DeliveryTag, multiple: false, cancellationToken);
        return (ReplayResult.Moved, null);
    }

    /// <summary>Gives back every message still held, in one <c>basic.nack</c>; a closed channel has given them back already.</summary>
    private static async Task GiveBackAsync(IChannel channel, ulong lastHeld)
    {
        if (lastHeld == 0 || !channel.IsOpen)
            return;
        try
        {
            await channel.BasicNackAsync(lastHeld, multiple: true, requeue: true, CancellationToken.None);
        }
        catch (Exception e) when (BrokerErrors.IsBrokerError(e))
        {
            // The channel is going down: the broker requeues whatever it had not seen acknowledged.
        }
    }

    /// <summary>
    /// The source's ready messages now. A host's error queue that does not exist is no error where the host's worker
    /// queue exists (MassTransit declares the error queue at the first failure the worker moves there; until then there
    /// is nothing to replay): null. Any other missing source is a one-line error (a host with neither queue: a wrong
    /// <c>--host</c>, say), naming deploy/rabbitmq/definitions.json for the fleet's dead-letter queue.
    /// </summary>
    private async Task<uint?> RequireAsync(IConnection connection, ReplaySource source, CancellationToken cancellationToken)
    {
        await using var check = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return (await check.QueueDeclarePassiveAsync(source.Queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            // A host whose worker queue is there has only never failed; without it, --host names no host that consumed here.
            await using var probe = new WorkerQueueProbe(connection);
            return source.Kind switch
            {
                ReplaySourceKind.ErrorQueue when await probe.ExistsAsync(source.Host!, cancellationToken) => null,
                ReplaySourceKind.ErrorQueue => throw new ReplayFailedException(
                    $"Neither {EntityNames.WorkerQueue(source.Host!)} nor its error queue exists on {_broker.Redacted}: no worker of host " +
                    $"{source.Host} has consumed there (is --host right?). Nothing to replay.", e),
                ReplaySourceKind.DeadLetter => throw new ReplayFailedException(
                    $"The queue {source.Queue} does not exist on {_broker.Redacted}: the fleet's dead-letter queue comes with " +
                    "deploy/rabbitmq/definitions.json, which was not imported there (rabbitmqctl import_definitions). Nothing to replay.", e),
                _ => throw new ReplayFailedException($"The queue {source.Queue} does not exist on {_broker.Redacted}: nothing to replay.", e),
            };
        }
    }

    /// <summary>What a replay of a host's error queue that does not exist says.</summary>
    private string NoErrorQueue(ReplaySource source) =>
        $"Host {source.Host} has no error queue on {_broker.Redacted} ({source.Queue}): no failure was ever moved there. Nothing to replay.";
}
