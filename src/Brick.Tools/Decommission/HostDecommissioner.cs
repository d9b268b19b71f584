using System.Text.Json;
using Brick.Service.Settings;
using Brick.Tools.Replay;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Brick.Tools.Decommission;

/// <summary>
/// Removes a host that left the fleet from the broker (<c>brick-worker decommission</c>): its queues and exchanges
/// (<see cref="HostEntities"/>), never while one of its queues has a consumer, and never a message without writing it
/// first. In order: every queue is looked at (a consumer anywhere stops it all, nothing removed); the host's exchanges
/// and its shared bindings go, so that nothing more arrives (a request for the host is then routed to
/// <c>brick.unrouted</c>, as for any host without a queue); each queue's messages are taken, written to the file and
/// flushed to disk, and only then acknowledged, until the queue is empty; then it is deleted (a message that a
/// publisher naming the queue itself put there in between is counted and reported as deleted with it).
/// </summary>
public sealed class HostDecommissioner
{
    private readonly BrokerAddress _broker;

    internal HostDecommissioner(BrokerAddress broker) => _broker = broker;

    /// <summary>Looks at <paramref name="entities"/>' queues and, unless <paramref name="dryRun"/>, removes them, saving their messages to <paramref name="saveTo"/>.</summary>
    /// <exception cref="DecommissionFailedException">The broker could not be used, a queue has a consumer, the file exists, or a queue could not be deleted.</exception>
    public async Task<IReadOnlyList<QueueReport>> RunAsync(HostEntities entities, string? saveTo, bool dryRun, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var found = new List<QueueReport>();
        foreach (var queue in entities.Queues)
            found.Add(await LookAsync(connection, queue, cancellationToken));
        if (found.FirstOrDefault(q => q.Consumers > 0) is { } consumed)
        {
            throw new DecommissionFailedException(
                $"{consumed.Queue} has {consumed.Consumers} consumer(s): stop brick-worker run and blockresize of {entities.Host} first. Nothing was removed.");
        }

        if (dryRun)
            return found;
        if (saveTo is null)
            throw new DecommissionFailedException("--save FILE is needed to decommission: the host's messages are written there before they are removed.");

        FileStream file;
        try
        {
            file = new FileStream(saveTo, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        }
        catch (IOException e)
        {
            throw new DecommissionFailedException($"Cannot create {saveTo}: {e.Message} Nothing was removed.", e);
        }

        await using (file)
        {
            foreach (var exchange in entities.Exchanges)
                await TryAsync(connection, channel => channel.ExchangeDeleteAsync(exchange, ifUnused: false, cancellationToken: cancellationToken));
            foreach (var (source, destination) in entities.SharedBindings)
                await TryAsync(connection, channel => channel.QueueUnbindAsync(destination, source, entities.Host, cancellationToken: cancellationToken));

            var done = new List<QueueReport>();
            try
            {
                foreach (var queue in found)
                    done.Add(queue.Existed ? await EmptyAndDeleteAsync(connection, queue, file, cancellationToken) : queue);
            }
            catch (Exception e) when (e is OperationInterruptedException or AlreadyClosedException or IOException)
            {
                throw new DecommissionFailedException(
                    $"The broker stopped the decommission of {entities.Host}: {e.Message}. Every message taken so far ({done.Sum(q => q.Saved)} from " +
                    $"{done.Count(q => q.Deleted)} deleted queue(s), and any not yet acknowledged) is in {saveTo}; one not acknowledged is also still in its queue.", e);
            }

            return done;
        }
    }

    private async Task<IConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ReplayConnection.OpenAsync(_broker, cancellationToken, "brick-worker decommission");
        }
        catch (ReplayFailedException e)
        {
            throw new DecommissionFailedException(e.Message, e);
        }
    }

    private static async Task<QueueReport> LookAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        try
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            var state = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            return new QueueReport(queue, true, state.MessageCount, state.ConsumerCount);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return new QueueReport(queue, false, 0, 0);
        }
    }

    /// <summary>Runs <paramref name="operation"/> on a channel of its own: one the broker finds nothing to do for (404) closes only that channel.</summary>
    private static async Task TryAsync(IConnection connection, Func<IChannel, Task> operation)
    {
        try
        {
            await using var channel = await connection.CreateChannelAsync();
            await operation(channel);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            // Not there: nothing to remove.
        }
    }

    private static async Task<QueueReport> EmptyAndDeleteAsync(IConnection connection, QueueReport queue, FileStream file, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var saved = 0;
        do
            saved += await SaveAllAsync(channel, queue.Queue, file, cancellationToken);
        while (await channel.MessageCountAsync(queue.Queue, cancellationToken) > 0);

        // Nothing routes here any more (the host's exchanges and bindings are gone), and RabbitMQ's quorum queues take
        // no if-empty delete: a message the delete still finds came from a publisher that names the queue itself.
        var lost = await channel.QueueDeleteAsync(queue.Queue, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken);
        if (lost > 0)
        {
            throw new DecommissionFailedException(
                $"{queue.Queue}: {lost} message(s) arrived after it was emptied ({saved} saved) and were deleted with it: something publishes to it by name.");
        }

        return queue with { Saved = saved, Deleted = true };
    }

    /// <summary>Takes every message <paramref name="queue"/> holds, writes each as a line, flushes the file to disk, and only then acknowledges them.</summary>
    private static async Task<int> SaveAllAsync(IChannel channel, string queue, FileStream file, CancellationToken cancellationToken)
    {
        var saved = 0;
        ulong last = 0;
        await using (var writer = new Utf8JsonWriter(file))
        {
            while (await channel.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } message)
            {
                SavedMessage.Write(writer, queue, message);
                await writer.FlushAsync(cancellationToken);
                writer.Reset();
                file.WriteByte((byte)'\n');
                last = message.DeliveryTag;
                saved++;
            }
        }

        // On disk before the broker forgets them: a crash here leaves them in the queue (and a second run saves them again).
        await file.FlushAsync(cancellationToken);
        file.Flush(flushToDisk: true);
        if (saved > 0)
            await channel.BasicAckAsync(last, multiple: true, cancellationToken);
        return saved;
    }
}
