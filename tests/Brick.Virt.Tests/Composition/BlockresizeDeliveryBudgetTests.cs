using Brick.Virt.Settings;
using Microsoft.Extensions.Options;

namespace Brick.Virt.Tests.Composition;

/// <summary>
/// blockresize keeps a delivery limit (<c>MaxDeliveries</c>) as <c>run</c> does, so its settings face the same delivery
/// budget: one outcome's tries and pauses must fit under the broker's <c>consumer_timeout</c>, each try bounded by the
/// hypervisor's time limit instead of the engine's.
/// </summary>
public sealed class BlockresizeDeliveryBudgetTests : IDisposable
{
    private readonly BlockresizeSettings _blockresize = new();

    public void Dispose() => _blockresize.Dispose();

    [Fact]
    public void Settings_that_could_hold_one_outcome_past_the_consumer_timeout_are_refused_with_the_hypervisor_s_sum()
    {
        // (3 + 1) × (2 × 00:05:00 + 00:00:10 + 5 s) + 3 × 00:00:30 = 00:42:30, past the default 00:30:00.
        var problems = Assert.Throws<OptionsValidationException>(() => Load(("Brick:HypervisorTimeout", "00:05:00"))).Failures;

        var problem = Assert.Single(problems, p => p.StartsWith("Brick:BrokerConsumerTimeout ", StringComparison.Ordinal));
        Assert.StartsWith("Brick:BrokerConsumerTimeout 00:30:00 is not above the longest one delivery can be held, 00:42:30 ", problem, StringComparison.Ordinal);
        Assert.Contains("2 × HypervisorTimeout 00:05:00 + PublishTimeout 00:00:10", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_settings_are_kept_where_the_broker_s_consumer_timeout_is_longer_and_the_defaults_fit()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), Load(("Brick:HypervisorTimeout", "00:05:00"), ("Brick:BrokerConsumerTimeout", "01:00:00")).HypervisorTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), Load().HypervisorTimeout);
    }

    private HypervisorSettings Load(params (string Key, string? Value)[] settings) => _blockresize.Load<HypervisorSettings>(settings);
}
