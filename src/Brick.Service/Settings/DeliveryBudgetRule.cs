using Microsoft.Extensions.Configuration;

namespace Brick.Service.Settings;

/// <summary>
/// The rule of every consumer on RabbitMQ that keeps a delivery limit (<c>run</c>, <c>blockresize</c>): one
/// delivery's worst case (<see cref="DeliveryBudget"/>, each try bounded by the consumer's <paramref name="tryBound"/>)
/// must stay under <c>Brick:BrokerConsumerTimeout</c>. <c>extend</c>, <c>check</c> and <c>replay</c> hold no delivery,
/// so a long <c>--timeout</c> is theirs to give. Where one of the settings it reads is itself bad, that setting's
/// own check names it instead.
/// </summary>
internal sealed class DeliveryBudgetRule(TryBound tryBound) : ISettingsRule
{
    /// <summary>The settings every budget reads besides its try's: where one of them is bad, the budget is not judged.</summary>
    private static readonly string[] Inputs =
    [
        nameof(EndpointSettings.RetryLimit), nameof(EndpointSettings.RetryMaxDelay), nameof(EndpointSettings.RetryInitialDelay),
        nameof(EndpointSettings.BrokerConsumerTimeout),
    ];

    /// <summary>The bound of one try this rule judges.</summary>
    public TryBound TryBound => tryBound;

    /// <inheritdoc />
    public string? Problem(IConfiguration configuration, IReadOnlyList<string> problems)
    {
        if (problems.Any(p => Inputs.Concat(tryBound.Inputs).Any(input => p.StartsWith($"{SettingsSection.Key(input)} ", StringComparison.Ordinal))))
            return null;

        var s = SettingsBinder.Read<EndpointSettings>(configuration);
        var worst = DeliveryBudget.WorstCase(s, tryBound.Of(configuration));
        if (worst < s.BrokerConsumerTimeout)
            return null;

        return $"{SettingsSection.Key(nameof(s.BrokerConsumerTimeout))} {s.BrokerConsumerTimeout} is not above the longest one delivery can be held, {worst} "
            + $"((RetryLimit {s.RetryLimit} + 1) × ({tryBound.Sum(configuration)} + {DeliveryBudget.PerTrySlack.TotalSeconds:0} s) "
            + $"+ RetryLimit × RetryMaxDelay {s.RetryMaxDelay}): the broker would close the channel and redeliver every message held. "
            + $"Lower RetryLimit, {string.Join(", ", tryBound.Inputs.Where(i => i != nameof(s.PublishTimeout)))} or RetryMaxDelay, "
            + "or raise the broker's consumer_timeout and this setting with it.";
    }
}
