using System.Text;
using Brick.Contracts;
using Brick.Service.Settings;
using Brick.Tools.Decommission;

namespace Brick.Tools.Tests.Decommission;

public sealed class HostEntitiesTests
{
    [Fact]
    public void A_host_has_six_queues_named_after_it_and_an_exchange_of_each_name()
    {
        var entities = new HostEntities("compute-07");

        Assert.Equal(
            ["brick-worker.compute-07", "brick-worker.compute-07_error", "brick-worker.compute-07_skipped",
                "brick-blockresize.compute-07", "brick-blockresize.compute-07_error", "brick-blockresize.compute-07_skipped"],
            entities.Queues);
        Assert.Equal(entities.Queues, entities.Exchanges);
        Assert.Equal(4, entities.SharedBindings.Count);
    }

    [Fact]
    public void The_longest_host_name_leaves_out_the_names_RabbitMQ_could_not_hold()
    {
        var entities = new HostEntities(new string('h', HostSettingsValidator.MaxHostLength));

        Assert.All(entities.Queues, name => Assert.InRange(Encoding.UTF8.GetByteCount(name), 1, EntityNames.MaxNameBytes));
        Assert.Equal([EntityNames.WorkerQueue(entities.Host), EntityNames.ErrorQueue(entities.Host)], entities.Queues.Take(2));
        Assert.DoesNotContain(entities.SharedBindings, b => !entities.Queues.Contains(b.Destination));
    }
}
