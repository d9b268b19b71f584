using Brick.Service.Settings;
using MassTransit;

namespace Brick.Service.Messaging;

/// <summary>
/// One consumer on the shared skeleton (<see cref="ConsumerEndpoints"/>, <see cref="ConsumerBus"/>): what is its own —
/// the messages it takes, its queue, the names of its error pipe's filters, what a delivery no consumer took is, which
/// failures are retried, and anything its transport needs besides — while the skeleton gives every consumer the same
/// concurrency bound, both body formats, retry policy, error and dead-letter pipes, poison count and consuming log.
/// </summary>
/// <typeparam name="TConsumer">The consumer of the endpoint's deliveries.</typeparam>
/// <param name="Messages">What the endpoint consumes, as the consuming log names it (<c>VolumeExtended</c>).</param>
/// <param name="Queue">The endpoint's queue, from the settings of the container given (<see cref="SettingsServices.Settings{TSettings}"/>).</param>
/// <param name="Scope">The prefix of its filters' probe scopes (<c>brick</c>: <c>brick-error-queue</c>, <c>brick-unconsumed-to-error</c>).</param>
/// <param name="Unconsumed">The failure of a delivery no consumer took (it goes to the error queue as that, never to <c>_skipped</c>).</param>
/// <param name="Transient">The failures the retry policy tries again (<c>RetryLimit</c> times, with back-off).</param>
internal sealed record ConsumerEndpoint<TConsumer>(
    string Messages, Func<IServiceProvider, string> Queue, string Scope, Func<Exception> Unconsumed, IReadOnlyList<Type> Transient)
    where TConsumer : class, IConsumer
{
    /// <summary>
    /// How many deliveries run at once, from the settings; null: as many as are in hand (<c>run</c>, whose messages wait
    /// in the engine, which bounds the operations itself). The messages in hand are <c>PrefetchCount</c>, and never fewer
    /// than <c>MaxConcurrency</c>.
    /// </summary>
    public Func<IServiceProvider, int>? ConcurrentMessages { get; init; }

    /// <summary>
    /// The host's own exchange and its binding on the broker, declared at start by <see cref="TopologyDeclarer"/> (which
    /// the endpoint waits for), with the oversized-body guard on its queue; null: none (cinder-bridge's queue is bound by
    /// MassTransit from <see cref="OnRabbitMq"/>).
    /// </summary>
    public Func<IServiceProvider, HostTopology>? Topology { get; init; }

    /// <summary>
    /// The longest one try of its work on a delivery may take, from the settings: where it is set, the settings are
    /// refused when one delivery could be held past the broker's <c>consumer_timeout</c> (<see cref="DeliveryBudget"/>).
    /// Every endpoint whose service keeps a delivery count (<see cref="DeliveryCounter"/>, <c>MaxDeliveries</c>) must
    /// set it: <see cref="ConsumerBus"/> refuses to start such an endpoint without one.
    /// </summary>
    public TryBound? TryBound { get; init; }

    /// <summary>The broker the endpoint consumes from; null: <c>Brick:Broker</c> (<see cref="BrokerAddress"/>).</summary>
    public Func<IRegistrationContext, BrokerAddress>? Broker { get; init; }

    /// <summary>The name its connection shows on the broker (<c>brick-worker &lt;host&gt;</c>).</summary>
    public Func<IServiceProvider, string> ConnectionName { get; init; } = s => $"brick-worker {s.Settings<HostSettings>().Host}";

    /// <summary>Anything more the endpoint needs on RabbitMQ (cinder-bridge's binding to Cinder's exchange).</summary>
    public Action<IRabbitMqReceiveEndpointConfigurator, IServiceProvider>? OnRabbitMq { get; init; }

    /// <summary>Anything more the endpoint needs on the in-memory transport (<c>run</c>'s binding for the demo).</summary>
    public Action<IInMemoryReceiveEndpointConfigurator, IServiceProvider>? OnInMemory { get; init; }
}
