using System.Text;
using System.Text.RegularExpressions;
using Brick.Contracts;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Brick.Tools.Diagnosis;

/// <summary>
/// The broker as <c>brick-worker check</c> sees it, with the worker's own settings (TLS included): reachable with these
/// credentials; the contract's exchanges there, each of the contract's type; <c>brick.unrouted</c>, this host's queue,
/// its <c>_error</c> queue (none until the worker moves a first failure there) and the fleet's dead-letter queue
/// <c>brick.worker-dead-letter</c> (deploy/rabbitmq/definitions.json's), with their message counts. An exchange's type
/// is told by declaring it again exactly as the contract does, once a passive declaration found it: the broker accepts
/// that only when type, flags and arguments are the same (nothing changes), and otherwise refuses it with the type it
/// has, which is reported. The error queue, where it is there, is told the same way against the worker's
/// <c>ErrorQueueType</c> (<see cref="ErrorQueueProbe"/>): one of another type cannot take the worker's failures.
/// </summary>
internal sealed partial class BrokerInspection(BrokerAddress broker, IOptions<HostSettings> settings, IOptions<EndpointSettings> endpoint)
{
    private static readonly (string Name, string Type, IDictionary<string, object?>? Arguments)[] Exchanges =
    [
        (EntityNames.VolumeExtendedExchange, ContractTopology.VolumeExtendedExchangeType,
            ContractTopology.VolumeExtendedArguments.ToDictionary(a => a.Key, a => (object?)a.Value)),
        (EntityNames.Unrouted, ExchangeType.Fanout, null),
        (EntityNames.HostVolumeResizedExchange, ExchangeType.Topic, null),
        (EntityNames.HostVolumeResizeFailedExchange, ExchangeType.Topic, null),
    ];

    private const string NoErrorQueueYet = "none yet: no failure moved there (the worker declares it with the first one)";

    /// <summary>One row for the broker, one per exchange and one per queue.</summary>
    public async Task<IReadOnlyList<DiagnosisRow>> CheckAsync(CancellationToken cancellationToken)
    {
        var host = settings.Value.Host;
        var queues = new[] { EntityNames.Unrouted, EntityNames.WorkerQueue(host), EntityNames.ErrorQueue(host), EntityNames.WorkerDeadLetterQueue };
        IConnection connection;
        try
        {
            connection = await BrokerConnections.OpenOnceAsync(broker, "brick-worker check", TimeSpan.FromSeconds(10), cancellationToken);
        }
        catch (Exception e) when (BrokerErrors.IsBrokerError(e) || e is System.Security.Authentication.AuthenticationException)
        {
            return
            [
                new DiagnosisRow("broker", DiagnosisStatus.Fail, BrokerErrors.Describe(e, broker)),
                .. Exchanges.Select(x => Skipped($"exchange {x.Name}")),
                .. queues.Select(q => Skipped($"queue {q}")),
            ];
        }

        await using (connection)
        {
            var rows = new List<DiagnosisRow>
            {
                new("broker", DiagnosisStatus.Ok,
                    $"{broker.Redacted} as user '{broker.UserName}'{(broker.UseTls ? ", TLS (chain and name checked)" : "")}: {Server(connection)}"),
            };
            foreach (var (name, type, arguments) in Exchanges)
                rows.Add(await ExchangeAsync(connection, name, type, arguments, cancellationToken));
            rows.Add(await QueueAsync(connection, EntityNames.Unrouted, cancellationToken,
                missing: (DiagnosisStatus.Fail, "missing: a worker declares it at start, or import deploy/rabbitmq/definitions.json"),
                waiting: "wait for a worker of their host (brick-worker replay --source unrouted moves them once it exists)"));
            rows.Add(await QueueAsync(connection, EntityNames.WorkerQueue(host), cancellationToken,
                missing: (DiagnosisStatus.Fail, $"missing: brick-worker run declares it at its first start (is Brick:Host '{host}' this host's name?)"),
                waiting: null));
            rows.Add(await ErrorQueueAsync(connection, EntityNames.ErrorQueue(host), cancellationToken));
            // One queue for the fleet: its count is every host's, so messages there are no warning about this host
            // (replay --source dead-letter --host picks its own). Only its absence is a problem (the definitions were not
            // imported), and a warning rather than a failure: run consumes without it, only the broker's dead letters have
            // nowhere to go.
            rows.Add(await QueueAsync(connection, EntityNames.WorkerDeadLetterQueue, cancellationToken,
                missing: (DiagnosisStatus.Warn,
                    "missing: import deploy/rabbitmq/definitions.json (without it a message past the broker's delivery limit has no queue to go to)"),
                waiting: "dead-lettered past the broker's delivery limit (brick-worker replay --source dead-letter --dry-run lists them)",
                waitingStatus: DiagnosisStatus.Ok, about: "every host's dead letters"));
            return rows;
        }
    }

    private async Task<DiagnosisRow> ErrorQueueAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        var row = await QueueAsync(connection, queue, cancellationToken,
            missing: (DiagnosisStatus.Ok, NoErrorQueueYet), waiting: "failed (brick-worker replay --dry-run lists them)");
        if (row.Status == DiagnosisStatus.Fail || row.Detail == NoErrorQueueYet)
            return row;
        try
        {
            var found = await ErrorQueueProbe.FindExistingAsync(connection, queue, endpoint.Value.ErrorQueueType, cancellationToken);
            if (found.Otherwise is { } otherwise)
                return row with { Status = DiagnosisStatus.Warn, Detail = $"{row.Detail}; {otherwise}" };
            return found.NotChecked is { } why ? row with { Status = DiagnosisStatus.Warn, Detail = $"{row.Detail}; type not checked: {why}" } : row;
        }
        catch (OperationInterruptedException e)
        {
            return row with { Status = DiagnosisStatus.Warn, Detail = $"{row.Detail}; type not checked: {BrokerErrors.Describe(e, broker)}" };
        }
    }

    private static DiagnosisRow Skipped(string check) => new(check, DiagnosisStatus.Skip, "not looked at: no connection to the broker");

    private static string Server(IConnection connection)
    {
        static string? Text(IConnection c, string key) =>
            c.ServerProperties?.TryGetValue(key, out var value) == true ? value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString() : null;
        return $"{Text(connection, "product") ?? "AMQP broker"} {Text(connection, "version") ?? ""}".Trim();
    }

    private async Task<DiagnosisRow> ExchangeAsync(
        IConnection connection, string name, string type, IDictionary<string, object?>? arguments, CancellationToken cancellationToken)
    {
        var check = $"exchange {name}";
        try
        {
            await using (var passive = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
                await passive.ExchangeDeclarePassiveAsync(name, cancellationToken);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return new DiagnosisRow(check, DiagnosisStatus.Fail,
                "missing: a worker declares it at start, or import deploy/rabbitmq/definitions.json");
        }
        catch (OperationInterruptedException e)
        {
            return new DiagnosisRow(check, DiagnosisStatus.Fail, BrokerErrors.Describe(e, broker));
        }

        try
        {
            await using var same = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await same.ExchangeDeclareAsync(name, type, durable: true, autoDelete: false, arguments: arguments, cancellationToken: cancellationToken);
            return new DiagnosisRow(check, DiagnosisStatus.Ok, $"{type}, durable{(arguments is null ? "" : ", " + string.Join(", ", arguments.Select(a => $"{a.Key}: {a.Value}")))}, as the contract declares it");
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason is { ReplyCode: 406 } reason)
        {
            return CurrentType().Match(reason.ReplyText) is { Success: true } current
                ? new DiagnosisRow(check, DiagnosisStatus.Fail, $"type {current.Groups[1].Value}; the contract's is {type}: delete it and let a worker declare it")
                : new DiagnosisRow(check, DiagnosisStatus.Fail, $"declared otherwise than the contract ({type}, durable): {reason.ReplyText}");
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 403)
        {
            return new DiagnosisRow(check, DiagnosisStatus.Warn, $"exists; type not checked: user '{broker.UserName}' may not configure it");
        }
    }

    /// <summary>
    /// The row of queue <paramref name="name"/>: its counts (whose they are, <paramref name="about"/>, where given), then
    /// <paramref name="waiting"/> with <paramref name="waitingStatus"/> where that is given and messages wait; or
    /// <paramref name="missing"/> where it is not there.
    /// </summary>
    private async Task<DiagnosisRow> QueueAsync(
        IConnection connection, string name, CancellationToken cancellationToken, (DiagnosisStatus Status, string Detail) missing, string? waiting,
        DiagnosisStatus waitingStatus = DiagnosisStatus.Warn, string? about = null)
    {
        var check = $"queue {name}";
        try
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            var queue = await channel.QueueDeclarePassiveAsync(name, cancellationToken);
            var counts = $"{queue.MessageCount} message(s), {queue.ConsumerCount} consumer(s){(about is null ? "" : $" ({about})")}";
            return waiting is not null && queue.MessageCount > 0
                ? new DiagnosisRow(check, waitingStatus, $"{counts}: {waiting}")
                : new DiagnosisRow(check, DiagnosisStatus.Ok, counts);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return new DiagnosisRow(check, missing.Status, missing.Detail);
        }
        catch (OperationInterruptedException e)
        {
            return new DiagnosisRow(check, DiagnosisStatus.Fail, BrokerErrors.Describe(e, broker));
        }
    }

    [GeneratedRegex("current is '([^']+)'")]
    private static partial Regex CurrentType();
}
