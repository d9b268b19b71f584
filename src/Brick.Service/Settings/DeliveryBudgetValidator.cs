using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Brick.Service.Settings;

/// <summary>
/// The check of every consumer on RabbitMQ that keeps a delivery limit (<c>run</c>, <c>blockresize</c>): one
/// delivery's worst case (<see cref="DeliveryBudget"/>, each try bounded by the consumer's <paramref name="tryBound"/>)
/// must stay under <c>Brick:BrokerConsumerTimeout</c>. <c>extend</c>, <c>check</c> and <c>replay</c> hold no delivery,
/// so a long <c>--timeout</c> is theirs to give. Where one of the settings it reads is itself bad,
/// <see cref="WorkerSettingsValidator"/> names that instead.
/// </summary>
internal sealed class DeliveryBudgetValidator(IConfiguration configuration, TryBound tryBound) : IValidateOptions<WorkerSettings>
{
    /// <summary>The settings every budget reads besides its try's: where one of them is bad, the budget is not judged.</summary>
    private static readonly string[] Inputs =
    [
        nameof(WorkerSettings.RetryLimit), nameof(WorkerSettings.RetryMaxDelay), nameof(WorkerSettings.RetryInitialDelay),
        nameof(WorkerSettings.BrokerConsumerTimeout),
    ];

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WorkerSettings settings) =>
        Problem(configuration.GetSection(WorkerSettings.Section), settings, tryBound) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;

    /// <summary>The problem of <paramref name="s"/> for a consumer whose tries <paramref name="tryBound"/> bounds, or null.</summary>
    public static string? Problem(IConfigurationSection section, WorkerSettings s, TryBound tryBound)
    {
        var problems = WorkerSettingsValidator.Problems(section, s);
        if (problems.Any(p => Inputs.Concat(tryBound.Inputs).Any(input => p.StartsWith($"{WorkerSettings.Section}:{input} ", StringComparison.Ordinal)))
            || DeliveryBudget.WorstCase(s, tryBound) is var worst && worst < s.BrokerConsumerTimeout)
        {
            return null;
        }

        return $"{WorkerSettings.Section}:{nameof(s.BrokerConsumerTimeout)} {s.BrokerConsumerTimeout} is not above the longest one delivery can be held, {worst} "
            + $"((RetryLimit {s.RetryLimit} + 1) × ({tryBound.Sum(s)} + {DeliveryBudget.PerTrySlack.TotalSeconds:0} s) "
            + $"+ RetryLimit × RetryMaxDelay {s.RetryMaxDelay}): the broker would close the channel and redeliver every message held. "
            + $"Lower RetryLimit, {string.Join(", ", tryBound.Inputs.Where(i => i != nameof(s.PublishTimeout)))} or RetryMaxDelay, "
            + "or raise the broker's consumer_timeout and this setting with it.";
    }
}

/// <summary>Registers <see cref="DeliveryBudgetValidator"/>.</summary>
internal static class DeliveryBudgetServices
{
    /// <summary>Adds the delivery budget of a consumer whose tries <paramref name="tryBound"/> bounds to the settings' checks.</summary>
    public static IServiceCollection AddDeliveryBudgetCheck(this IServiceCollection services, TryBound tryBound)
    {
        services.AddSingleton<IValidateOptions<WorkerSettings>>(sp => new DeliveryBudgetValidator(sp.GetRequiredService<IConfiguration>(), tryBound));
        return services;
    }
}
