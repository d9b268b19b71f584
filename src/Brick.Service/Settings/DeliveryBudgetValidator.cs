using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Brick.Service.Settings;

/// <summary>
/// The check of <c>run</c> on RabbitMQ alone (the only command that holds deliveries): one delivery's worst case
/// (<see cref="DeliveryBudget"/>) must stay under <c>Brick:BrokerConsumerTimeout</c>. <c>extend</c>, <c>check</c>,
/// <c>replay</c> and <c>blockresize</c> hold no delivery of the worker queue, so a long <c>--timeout</c> is theirs to
/// give. Where one of the settings it reads is itself bad, <see cref="WorkerSettingsValidator"/> names that instead.
/// </summary>
internal sealed class DeliveryBudgetValidator(IConfiguration configuration) : IValidateOptions<WorkerSettings>
{
    /// <summary>The settings <see cref="DeliveryBudget"/> reads: where one of them is bad, the budget is not judged.</summary>
    private static readonly string[] Inputs =
    [
        nameof(WorkerSettings.RetryLimit), nameof(WorkerSettings.RetryMaxDelay), nameof(WorkerSettings.RetryInitialDelay),
        nameof(WorkerSettings.OperationTimeout), nameof(WorkerSettings.PublishTimeout), nameof(WorkerSettings.BrokerConsumerTimeout),
    ];

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WorkerSettings settings) =>
        Problem(configuration.GetSection(WorkerSettings.Section), settings) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;

    /// <summary>The problem of <paramref name="s"/>, or null.</summary>
    public static string? Problem(IConfigurationSection section, WorkerSettings s)
    {
        var problems = WorkerSettingsValidator.Problems(section, s);
        if (problems.Any(p => Inputs.Any(input => p.StartsWith($"{WorkerSettings.Section}:{input} ", StringComparison.Ordinal)))
            || DeliveryBudget.WorstCase(s) is var worst && worst < s.BrokerConsumerTimeout)
        {
            return null;
        }

        return $"{WorkerSettings.Section}:{nameof(s.BrokerConsumerTimeout)} {s.BrokerConsumerTimeout} is not above the longest one delivery can be held, {worst} "
            + $"((RetryLimit {s.RetryLimit} + 1) × (2 × OperationTimeout {s.OperationTimeout} + PublishTimeout {s.PublishTimeout} + {DeliveryBudget.PerTrySlack.TotalSeconds:0} s) "
            + $"+ RetryLimit × RetryMaxDelay {s.RetryMaxDelay}): the broker would close the channel and redeliver every message held. "
            + "Lower RetryLimit, OperationTimeout or RetryMaxDelay, or raise the broker's consumer_timeout and this setting with it.";
    }
}

/// <summary>Registers <see cref="DeliveryBudgetValidator"/>.</summary>
internal static class DeliveryBudgetServices
{
    /// <summary>Adds the delivery budget to the settings' checks (the service on RabbitMQ).</summary>
    public static IServiceCollection AddDeliveryBudgetCheck(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkerSettings>, DeliveryBudgetValidator>());
        return services;
    }
}
