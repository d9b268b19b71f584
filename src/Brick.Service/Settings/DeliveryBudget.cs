namespace Brick.Service.Settings;

/// <summary>
/// The longest the worker can hold one delivery unacknowledged, from these settings: every try (the first and
/// <c>RetryLimit</c> more, all on the same delivery: MassTransit retries in memory) may wait up to
/// <c>OperationTimeout</c> for its volume's turn and a host slot, run up to <c>OperationTimeout</c>, and publish its
/// outcome for up to <c>PublishTimeout</c>, plus <see cref="PerTrySlack"/>; between tries come at most
/// <c>RetryLimit</c> pauses of at most <c>RetryMaxDelay</c>. It must stay under the broker's <c>consumer_timeout</c>
/// (<c>Brick:BrokerConsumerTimeout</c>): past it RabbitMQ closes the channel and redelivers every message the worker
/// holds (up to <c>PrefetchCount</c>), each to be worked on again.
/// </summary>
internal static class DeliveryBudget
{
    /// <summary>What one try may take beyond its bounds: ending a timed-out operation, acknowledging, moving to the error queue.</summary>
    public static readonly TimeSpan PerTrySlack = TimeSpan.FromSeconds(5);

    /// <summary>The worst case of one delivery under <paramref name="settings"/>.</summary>
    public static TimeSpan WorstCase(WorkerSettings settings) =>
        ((2 * settings.OperationTimeout) + settings.PublishTimeout + PerTrySlack) * (settings.RetryLimit + 1)
        + (settings.RetryMaxDelay * settings.RetryLimit);
}
