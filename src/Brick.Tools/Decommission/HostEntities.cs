using System.Text;
using Brick.Contracts;
using Brick.Service.Messaging;

namespace Brick.Tools.Decommission;

/// <summary>
/// What one host has of its own on the broker, read from the services' own <see cref="HostTopology"/> of
/// <c>run</c> and <c>blockresize</c>: each one's queue with its error queue and MassTransit's skipped queue (which the
/// services never fill but an earlier version may have made), the exchange MassTransit names after each, and the
/// bindings that bring the host's messages there.
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
        .. Topologies(Host).SelectMany(t => new[] { t.OwnExchange, t.ErrorQueue, $"{t.OwnExchange}_skipped" })
            .Where(name => Encoding.UTF8.GetByteCount(name) <= EntityNames.MaxNameBytes),
    ];

    /// <summary>The host's exchanges: MassTransit's, one named after each queue.</summary>
    public IReadOnlyList<string> Exchanges => Queues;

    /// <summary>
    /// The bindings, keyed with the host, from shared exchanges to the host's entities (queue or exchange of that name),
    /// as the worker or <c>deploy/rabbitmq/grant-host.sh</c> made them (the dead-letter exchange's to the error queue:
    /// earlier versions'): source and destination.
    /// </summary>
    public IReadOnlyList<(string Source, string Destination)> SharedBindings =>
    [
        .. Topologies(Host).SelectMany(t => new[] { (t.Source, t.OwnExchange), (t.DeadLetterExchange, t.ErrorQueue) })
            .Where(binding => Queues.Contains(binding.Item2)),
    ];

    /// <summary>The services' topologies of <paramref name="host"/>.</summary>
    private static HostTopology[] Topologies(string host) => [HostTopology.Worker(host), HostTopology.Blockresize(host)];
}
