using Brick.Contracts;
using Brick.Engine.Kernel;
using Brick.Engine.Operations;
using Brick.Engine.Programs;
using Brick.Service.Health;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Brick.Virt.Guests;
using Brick.Virt.Libvirt;
using Brick.Virt.Messaging;
using Brick.Virt.Qmp;
using Brick.Virt.Resizing;
using Brick.Virt.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Brick.Virt.Composition;

/// <summary>The composition of <c>brick-worker blockresize</c>: the shared settings, the hypervisor backend they name, the resizer, the bus, its readiness.</summary>
public static class BlockresizeServices
{
    /// <summary>The directory of blockresize's delivery records, below the lock directory (run's are in <c>deliveries</c>).</summary>
    public const string DeliveriesDirectory = "blockresize-deliveries";

    /// <summary>
    /// Everything but the transport: settings (the hypervisor's with the service's, blockresize's check of the host's name), the backend, the resizer, metrics, the
    /// delivery count (<c>MaxDeliveries</c>, records in <c>LockDirectory/blockresize-deliveries</c>).
    /// </summary>
    public static IServiceCollection AddBlockresizeCore(this IServiceCollection services)
    {
        services.AddWorkerSettings()
            .AddHostQueue(EntityNames.BlockresizeErrorQueue)
            .AddSettings<HypervisorSettings, HypervisorSettingsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddWorkerMetrics();
        services.TryAddSingleton<VirtMetrics>();
        services.TryAddSingleton<ICommandRunner, CliWrapCommandRunner>();
        services.TryAddSingleton(sp => sp.Settings<EngineSettings>().Roots());
        services.TryAddSingleton(sp => new DeviceIdentity(sp.GetRequiredService<KernelRoots>()));
        services.TryAddSingleton(sp => new DeliveryCounter(new DeliveryRecords(
            Path.Combine(sp.Settings<EngineSettings>().LockDirectory is { Length: > 0 } locks ? locks : LockDirectories.DefaultFor(sp.GetRequiredService<KernelRoots>()), DeliveriesDirectory))));
        services.TryAddSingleton<IHypervisor>(Hypervisor);
        services.TryAddSingleton<GuestDiskResizer>();
        services.AddOutcomePublisher(BlockresizeConsumer.Outcomes);
        return services;
    }

    /// <summary>blockresize on RabbitMQ (its endpoint <see cref="BlockresizeConsumer.Endpoint"/> on the consumers' skeleton), its <c>/readyz</c> reporting <c>bus</c>, <c>binding</c> and <c>roots</c>.</summary>
    public static IServiceCollection AddBlockresizeService(this IServiceCollection services) =>
        services.AddBlockresizeCore().AddConsumerBusOnRabbitMq<BlockresizeConsumer, GuestFailureRecorder>(BlockresizeConsumer.Endpoint)
            .AddConsumerHealthChecks(ConsumerChecks.Binding | ConsumerChecks.Roots);

    private static IHypervisor Hypervisor(IServiceProvider services)
    {
        var settings = services.GetRequiredService<IOptions<HypervisorSettings>>().Value;
        return string.IsNullOrEmpty(settings.Libvirt)
            ? new QmpHypervisor(settings.QmpDirectory!, settings.HypervisorTimeout, services.GetRequiredService<ILogger<QmpHypervisor>>())
            : new VirshHypervisor(settings.Virsh, settings.Libvirt, settings.HypervisorTimeout, services.GetRequiredService<ICommandRunner>());
    }
}
