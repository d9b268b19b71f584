using Brick.Contracts;
using Brick.Simulation.Guests;

namespace Brick.Worker.IntegrationTests.Blockresize;

public sealed partial class BlockresizeServiceTests
{
    /// <summary>
    /// blockresize as its host's own broker user, with exactly what <c>deploy/rabbitmq/grant-host.sh</c> gives it (no
    /// configure permission on any shared exchange; topic permissions of its own key): it consumes its queue, resizes,
    /// publishes keyed with its host, retries a guest that hangs and moves the outcome it gave up on to its error queue.
    /// </summary>
    [Fact]
    public async Task With_its_own_host_identity_blockresize_resizes_publishes_retries_and_moves_what_it_gave_up_on_to_its_error_queue()
    {
        broker.Require();
        await using (var admin = await broker.ConnectAsync())
        await using (var channel = await admin.CreateChannelAsync(cancellationToken: Cancel))
            await RunningWorker.DeclareOperatorTopologyAsync(channel, Cancel); // the operator's definitions.json
        await using var user = BrokerUser.Named(broker, $"brick-worker-{_host}");
        try
        {
            await user.CreateAsHostAsync(_host); // the default ErrorQueueType, classic
            var web = Guest("web-1", 10 * GiB);
            var stuck = Guest("stuck", 10 * GiB);
            stuck.Behaviour = SimulatedQmpGuest.Misbehaviour.Hang;
            await StartAsync(("Brick:Broker", user.Uri.ToString()), ("Brick:RetryLimit", "1"), ("Brick:RetryInitialDelay", "00:00:00.2"),
                ("Brick:HypervisorTimeout", "00:00:01"));

            await PublishAsync(Outcome(12 * GiB), envelope: false);

            var resized = await HeardAsync(EntityNames.GuestDiskResizedExchange, 12 * GiB);
            Assert.Equal(("web-1", _host), (resized.GetProperty("domain").GetString(), resized.GetProperty("host").GetString()));
            Assert.Contains($"block_resize disk0 {12 * GiB}", web.Commands);
            var failed = await HeardAsync(EntityNames.GuestDiskResizeFailedExchange, 12 * GiB);
            Assert.Equal(("HypervisorTimeout", "stuck", _host),
                (failed.GetProperty("reason").GetString(), failed.GetProperty("domain").GetString(), failed.GetProperty("host").GetString()));
            Assert.Equal("HypervisorTimeout", await ReasonInErrorQueueAsync());
            // Its error queue is its own (declared on that failure, grant-host.sh makes none); the broker's dead letters go to
            // the fleet's queue, not there.
            var bindings = await broker.RabbitmqctlAsync("list_bindings", "-q", "--no-table-headers", "source_name", "destination_name", "routing_key");
            Assert.DoesNotContain(bindings.Split('\n', StringSplitOptions.TrimEntries),
                line => line.StartsWith($"{EntityNames.BlockresizeDeadLetterExchange}\t{EntityNames.BlockresizeErrorQueue(_host)}\t", StringComparison.Ordinal));
        }
        finally
        {
            // What grant-host.sh made for run: its exchange.
            await broker.RemoveAsync([EntityNames.ErrorQueue(_host)], [EntityNames.WorkerQueue(_host)]);
        }
    }
}
