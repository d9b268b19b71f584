using System.Text;
using Brick.Contracts;

namespace Brick.Service.Decommission;

/// <summary>
/// What one host has of its own on the broker: the queues of its <c>run</c> and <c>blockresize</c> (each with its error
/// queue and MassTransit's skipped queue, which the services never fill but an earlier version may have made), the
/// exchange MassTransit names after each, and the bindings that bring the host's messages there.
/// </summary>
/// <param name="Host">The host's name, as its workers are configured.</param>
public sealed record HostEntities(string Host)
{
    /// <summary>
    /// The host's queues, work queues first, each followed by its error and skipped queue; a name over RabbitMQ's
    /// limit (the skipped queue of a host name near it) cannot exist and is left out.
    /// </summary>
    public IReadOnlyList<string> Queues { get; } =
    [
        .. new[]
        {
            EntityNames.WorkerQueue(Host), EntityNames.ErrorQueue(Host), $"{EntityNames.WorkerQueue(Host)}_skipped",
            EntityNames.BlockresizeQueue(Host), EntityNames.BlockresizeErrorQueue(Host), $"{EntityNames.BlockresizeQueue(Host)}_skipped",
        }.Where(name => Encoding.UTF8.GetByteCount(name) <= EntityNames.MaxNameBytes),
    ];

    /// <summary>The host's exchanges: MassTransit's, one named after each queue.</summary>
    public IReadOnlyList<string> Exchanges => Queues;

    /// <summary>
    /// The bindings from shared exchanges that route to the host's entities (queue or exchange of that name), as the
    /// worker or <c>deploy/rabbitmq/grant-host.sh</c> made them: source, destination, key.
    /// </summary>
    public IReadOnlyList<(string Source, string Destination)> SharedBindings =>
    [
        .. new[]
        {
            (EntityNames.VolumeExtendedExchange, EntityNames.WorkerQueue(Host)),
            (EntityNames.HostVolumeResizedExchange, EntityNames.BlockresizeQueue(Host)),
            (EntityNames.WorkerDeadLetterExchange, EntityNames.ErrorQueue(Host)),
            (EntityNames.BlockresizeDeadLetterExchange, EntityNames.BlockresizeErrorQueue(Host)),
        }.Where(binding => Queues.Contains(binding.Item2)),
    ];
}
