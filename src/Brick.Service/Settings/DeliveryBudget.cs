namespace Brick.Service.Settings;

/// <summary>
/// The longest a consumer can hold one delivery unacknowledged, from these settings: every try (the first and
/// <c>RetryLimit</c> more, all on the same delivery: MassTransit retries in memory) may take its consumer's
/// <see cref="TryBound"/> (<c>run</c>'s: <see cref="Run"/>) plus <see cref="PerTrySlack"/>; between tries come at most
/// <c>RetryLimit</c> pauses of at most <c>RetryMaxDelay</c>. It must stay under the broker's <c>consumer_timeout</c>
/// (<c>Brick:BrokerConsumerTimeout</c>): past it RabbitMQ closes the channel and redelivers every message the consumer
/// holds (up to <c>PrefetchCount</c>), each to be worked on again. Every consumer that keeps a delivery limit
/// (<c>MaxDeliveries</c>) declares its try's bound on its endpoint, and its settings are checked against it
/// (<see cref="DeliveryBudgetRule"/>).
/// </summary>
internal static class DeliveryBudget
{
    /// <summary>What one try may take beyond its bounds: ending a timed-out operation, acknowledging, moving to the error queue.</summary>
    public static readonly TimeSpan PerTrySlack = TimeSpan.FromSeconds(5);

    /// <summary>
    /// One try of <c>run</c>: a wait for its volume's turn and a host slot (up to <c>OperationTimeout</c>), the operation
    /// (up to <c>OperationTimeout</c>), the outcome's publish (up to <c>PublishTimeout</c>).
    /// </summary>
    public static TryBound Run { get; } = TryBound.Over<EngineSettings, EndpointSettings>(
        (engine, endpoint) => (2 * engine.OperationTimeout) + endpoint.PublishTimeout,
        (engine, endpoint) => $"2 × OperationTimeout {engine.OperationTimeout} + PublishTimeout {endpoint.PublishTimeout}",
        [nameof(EngineSettings.OperationTimeout), nameof(EndpointSettings.PublishTimeout)]);

    /// <summary>The worst case of one delivery under <paramref name="endpoint"/>'s retries, each try bounded by <paramref name="tryBound"/>.</summary>
    public static TimeSpan WorstCase(EndpointSettings endpoint, TimeSpan tryBound) =>
        (tryBound + PerTrySlack) * (endpoint.RetryLimit + 1)
        + (endpoint.RetryMaxDelay * endpoint.RetryLimit);
}
