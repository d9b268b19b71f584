using Brick.Service.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace Brick.Tools.Decommission;

/// <summary>Registers what <c>brick-worker decommission</c> needs: the one settings model, its broker and a <see cref="HostDecommissioner"/> on it.</summary>
public static class DecommissionServices
{
    /// <summary>The settings (checked by the one validator), the broker they name and a <see cref="HostDecommissioner"/>.</summary>
    public static IServiceCollection AddHostDecommission(this IServiceCollection services)
    {
        services.AddWorkerSettings();
        services.AddBrokerAddress();
        services.AddSingleton(sp => new HostDecommissioner(sp.GetRequiredService<BrokerAddress>()));
        return services;
    }
}
