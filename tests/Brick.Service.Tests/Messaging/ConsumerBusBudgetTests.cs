using Brick.Service.Composition;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Brick.Service.Tests.Messaging;

/// <summary>
/// The delivery budget holds for every consumer that keeps a delivery limit: an endpoint whose service counts
/// deliveries (<see cref="DeliveryCounter"/>) but declares no <see cref="ConsumerEndpoint{TConsumer}.TryBound"/> is
/// refused when its bus is made, so that a new consumer cannot leave its settings' budget unchecked.
/// </summary>
public sealed class ConsumerBusBudgetTests : IDisposable
{
    private readonly DirectoryInfo _records = Directory.CreateTempSubdirectory("brick-budget-records-");

    public void Dispose() => _records.Delete(recursive: true);

    [Fact]
    public async Task An_endpoint_that_counts_deliveries_without_a_try_bound_is_refused()
    {
        await using var services = Bus(VolumeExtendedConsumer.Endpoint with { TryBound = null });

        var refused = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IBusControl>());

        Assert.Contains(ExceptionChain(refused), e => e is InvalidOperationException && e.Message.Contains("declares no TryBound", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_endpoint_with_its_try_bound_is_made()
    {
        await using var services = Bus(VolumeExtendedConsumer.Endpoint);

        Assert.NotNull(services.GetRequiredService<IBusControl>());
    }

    private ServiceProvider Bus(ConsumerEndpoint<VolumeExtendedConsumer> endpoint)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Brick:Host"] = "compute-07" })
            .Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddExtendEngine()
            .AddSingleton(new DeliveryCounter(new DeliveryRecords(_records.FullName))).AddOutcomePublisher(VolumeExtendedConsumer.Outcomes)
            .AddConsumerBusOnRabbitMq<VolumeExtendedConsumer, FailureRecorder>(endpoint)
            .BuildServiceProvider();
    }

    private static IEnumerable<Exception> ExceptionChain(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
            yield return current;
    }
}
