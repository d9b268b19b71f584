using Brick.Engine.Kernel;
using Brick.Engine.Programs;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Brick.Virt.Guests;
using Brick.Virt.Libvirt;
using Brick.Virt.Messaging;
using Brick.Virt.Qmp;
using Brick.Virt.Resizing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Brick.Virt.Hosting;

/// <summary>The composition of <c>brick-worker blockresize</c>: the shared settings, the hypervisor backend they name, the resizer, the bus.</summary>
public static class BlockresizeServices
{
    /// <summary>Everything but the transport: settings (with blockresize's own check), the backend, the resizer, metrics.</summary>
    public static IServiceCollection AddBlockresizeCore(this IServiceCollection services)
    {
        services.AddWorkerSettings();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkerSettings>, BlockresizeSettingsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddWorkerMetrics();
        services.TryAddSingleton<VirtMetrics>();
        services.TryAddSingleton<ICommandRunner, CliWrapCommandRunner>();
        services.TryAddSingleton(sp => new DeviceIdentity(new KernelRoots(Settings(sp).SysRoot, Settings(sp).DevRoot)));
        services.TryAddSingleton<IHypervisor>(Hypervisor);
        services.TryAddSingleton<GuestDiskResizer>();
        services.AddOptions<HostOptions>().Configure<IOptions<WorkerSettings>>((lifetime, settings) =>
            lifetime.ShutdownTimeout = settings.Value.ShutdownTimeout + TimeSpan.FromSeconds(10));
        return services;
    }

    /// <summary>blockresize on RabbitMQ.</summary>
    public static IServiceCollection AddBlockresizeService(this IServiceCollection services) =>
        services.AddBlockresizeCore().AddBlockresizeBusOnRabbitMq();

    private static IHypervisor Hypervisor(IServiceProvider services)
    {
        var settings = Settings(services);
        return string.IsNullOrEmpty(settings.Libvirt)
            ? new QmpHypervisor(settings.QmpDirectory!, settings.HypervisorTimeout, services.GetRequiredService<ILogger<QmpHypervisor>>())
            : new VirshHypervisor(settings.Virsh, settings.Libvirt, settings.HypervisorTimeout, services.GetRequiredService<ICommandRunner>());
    }

    private static WorkerSettings Settings(IServiceProvider services) => services.GetRequiredService<IOptions<WorkerSettings>>().Value;
}
