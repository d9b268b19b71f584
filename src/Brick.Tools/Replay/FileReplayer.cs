using System.Text;
using Brick.Contracts;
using Brick.Engine.Telemetry;
using Brick.Service.Inbound;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Brick.Tools.Replay;

/// <summary>
/// Publishes <c>VolumeExtended</c> events from a JSON-lines file (one raw object per line; blank lines are ignored), as
/// a control plane rebuilding state after an outage would: each line is validated first, and a bad line is reported by
/// its number and not published. Each good line is published as it is (raw JSON, persistent, a new message id,
/// <c>brick-replayed-from: file:NAME:LINE</c>) to <c>brick.volume-extended</c> with its own host as routing key, and
/// counts as moved once the broker has confirmed it. A host without a worker queue gets it in <c>brick.unrouted</c>, as
/// the contract says.
/// </summary>
public sealed class FileReplayer
{
    private readonly BrokerAddress _broker;
    private readonly TimeProvider _clock;
    private readonly BrickMetrics? _metrics;

    internal FileReplayer(BrokerAddress broker, TimeProvider clock, BrickMetrics? metrics = null)
    {
        _broker = broker;
        _clock = clock;
        _metrics = metrics;
    }

    /// <summary>The longest line read; a longer one is a bad line.</summary>
    public const int MaxLineBytes = 1 << 20;

    /// <summary>
    /// Publishes the lines of <paramref name="path"/> that are valid and match <paramref name="filter"/>, at most
    /// <paramref name="max"/> (the lines beyond are listed as skipped, so that a next run can start there), or none
    /// when <paramref name="dryRun"/>. Throws <see cref="ReplayFailedException"/> when
    /// the file cannot be read or the broker cannot be used.
    /// </summary>
    public async Task<ReplaySummary> PublishAsync(
        string path, ReplayFilter filter, int? max, bool dryRun, ReplayTally tally, Func<ReplayedMessage, Task> report,
        CancellationToken cancellationToken)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReplayFailedException($"Cannot read {path}: {e.Message}", e);
        }

        tally.Begin(0);
        await using (file)
        {
            using var lines = new StreamReader(file, new UTF8Encoding(false, throwOnInvalidBytes: false));
            await using var connection = dryRun ? null : await ReplayConnection.OpenAsync(_broker, cancellationToken);
            try
            {
                if (connection is not null)
                    await ReplayConnection.RequireExchangeAsync(connection, _broker, cancellationToken);
                await using var channel = connection is null ? null : await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
                var from = $"file:{Path.GetFileName(path)}";
                var number = 0;
                while (await lines.ReadLineAsync(cancellationToken) is { } line)
                {
                    number++;
                    if (string.IsNullOrWhiteSpace(line))
                        continue;
                    var body = Encoding.UTF8.GetBytes(line);
                    var message = body.Length > MaxLineBytes
                        ? ReplayCandidate.Unreadable(body.Length, $"The line is longer than {MaxLineBytes} bytes.")
                        : ReplayCandidate.ReadLine(body, _clock.GetUtcNow());
                    var taken = tally.Snapshot() is var now ? now.Moved + now.WouldMove : 0;
                    var (result, detail) = !message.IsValid ? (ReplayResult.Invalid, message.Problem)
                        : filter.Excludes(message) is { } excluded ? (ReplayResult.Skipped, excluded)
                        : max is { } limit && taken >= limit ? (ReplayResult.Skipped, $"beyond --max {limit}")
                        : channel is null ? (ReplayResult.WouldMove, null)
                        : await PublishAsync(channel, body, message.Host!, $"{from}:{number}", cancellationToken);

                    tally.Add(result);
                    _metrics?.ReplayMessage(result.Word());
                    await report(new ReplayedMessage(number, result, detail, message));
                }
            }
            catch (Exception e) when (BrokerErrors.IsBrokerError(e) && !cancellationToken.IsCancellationRequested)
            {
                throw new ReplayFailedException(BrokerErrors.Describe(e, _broker), e);
            }
        }

        return tally.Snapshot();
    }

    private static async Task<(ReplayResult, string?)> PublishAsync(
        IChannel channel, byte[] body, string host, string from, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties
        {
            ContentType = InboundReader.RawContentType,
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = Guid.NewGuid().ToString(),
            Headers = new Dictionary<string, object?> { [ReplayHeaders.ReplayedFrom] = from },
        };
        try
        {
            await channel.BasicPublishAsync(EntityNames.VolumeExtendedExchange, host, mandatory: true, properties, body, cancellationToken);
            return (ReplayResult.Moved, null);
        }
        catch (PublishException e)
        {
            return (ReplayResult.Refused, e is PublishReturnException returned
                ? $"returned by the broker: {returned.ReplyCode} {returned.ReplyText}"
                : "the broker did not confirm the publish (nack)");
        }
    }
}
