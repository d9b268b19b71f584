using Microsoft.Extensions.DependencyInjection;

namespace Brick.Service.Settings;

/// <summary>Registers <see cref="DeliveryBudgetRule"/>.</summary>
internal static class DeliveryBudgetServices
{
    /// <summary>
    /// Adds the delivery budget of a consumer whose tries <paramref name="tryBound"/> bounds to the settings' checks,
    /// once however often it is asked for.
    /// </summary>
    public static IServiceCollection AddDeliveryBudgetCheck(this IServiceCollection services, TryBound tryBound)
    {
        if (!services.Any(d => d.ServiceType == typeof(ISettingsRule) && d.ImplementationInstance is DeliveryBudgetRule rule && rule.TryBound == tryBound))
            services.AddSingleton<ISettingsRule>(new DeliveryBudgetRule(tryBound));
        return services;
    }
}
