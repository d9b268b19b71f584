using System.Text.Json;
using Brick.Contracts;
using Brick.Service.Composition;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Brick.Simulation.Hosts;
using Brick.Virt.Composition;
using RabbitMQ.Client;

namespace Brick.Worker.IntegrationTests.Messaging;

/// <summary>
/// <see cref="HostDeclaration"/>, through which the fleet benchmark declares thousands of hosts, declares for a host what
/// the services themselves declare for theirs: a <c>run</c> worker and a <c>blockresize</c> service consume for one
/// host with their default settings, <see cref="HostDeclaration.DeclareAsync"/> declares another, and the broker lists the same queues (name, type,
/// arguments), exchanges (name, type) and bindings for both once each host's name is taken out. A queue, exchange or
/// binding the services add or drop (another queue type, no per-endpoint exchange) and the entry point does not, or the
/// other way round, fails this.
/// </summary>
public sealed class HostDeclarationTests
{
    [Fact]
    public async Task Declares_for_a_host_what_run_and_blockresize_declare_for_theirs()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var own = await CompatBrokers.StartOwnAsync(CompatBrokers.Current);
        await own.ImportDefinitionsAsync();
        var real = $"ents-real-{Guid.NewGuid():N}"[..18];
        var declared = $"ents-decl-{Guid.NewGuid():N}"[..18];

        await using var simulated = SimulatedHost.Create();
        await using var worker = await RunningWorker.StartAsync(own.Uri, real, simulated);
        var qmp = Directory.CreateTempSubdirectory("brick-it-ents-");
        using var blockresize = ConsumerApplication.Build(new Dictionary<string, string?>
        {
            ["Brick:Host"] = real,
            ["Brick:Broker"] = own.Uri.ToString(),
            ["Brick:QmpDirectory"] = qmp.FullName,
            ["Brick:SysRoot"] = simulated.Roots.SysRoot,
            ["Brick:DevRoot"] = simulated.Roots.DevRoot,
        }, services => services.AddBlockresizeService());
        try
        {
            await blockresize.StartAsync(ct);
            await using var connection = await new ConnectionFactory { Uri = own.Uri }.CreateConnectionAsync(ct);
            await WaitUntilConsumingAsync(connection, EntityNames.BlockresizeQueue(real));
            await HostDeclaration.DeclareAsync(connection, new HostSettings { Host = declared }, new EndpointSettings(), ct);

            var queues = await ListAsync(own, ["list_queues", "name", "type", "arguments"]);
            var exchanges = await ListAsync(own, ["list_exchanges", "name", "type"]);
            var bindings = await ListAsync(own, ["list_bindings", "source_name", "destination_name", "destination_kind", "routing_key"]);
            foreach (var list in (IReadOnlyList<string>[])[queues, exchanges, bindings])
            {
                var ofReal = Of(list, real);
                Assert.NotEmpty(ofReal);
                Assert.Equal(ofReal, Of(list, declared));
            }

            // Both services' work queues are among them, and nothing else: no error queue before a failure.
            Assert.Equal(2, Of(queues, declared).Count);
            Assert.Contains(Of(queues, declared), q => q.Contains("name=\"brick-worker.HOST\"", StringComparison.Ordinal));
            Assert.Contains(Of(queues, declared), q => q.Contains("name=\"brick-blockresize.HOST\"", StringComparison.Ordinal));
        }
        finally
        {
            await blockresize.StopAsync(CancellationToken.None);
            qmp.Delete(recursive: true);
        }
    }

    /// <summary>The rows that name <paramref name="host"/>, with its name replaced by <c>HOST</c>, sorted.</summary>
    private static List<string> Of(IReadOnlyList<string> rows, string host) =>
        [.. rows.Where(r => r.Contains(host, StringComparison.Ordinal)).Select(r => r.Replace(host, "HOST", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>Each row of <c>rabbitmqctl ARGS --formatter json</c> as its JSON text, keys sorted.</summary>
    private static async Task<IReadOnlyList<string>> ListAsync(OwnBroker own, string[] arguments)
    {
        using var document = JsonDocument.Parse(await own.RabbitmqctlAsync([.. arguments, "--formatter", "json", "-q"]));
        return [.. document.RootElement.EnumerateArray().Select(row =>
            string.Join(", ", row.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value.GetRawText()}")))];
    }

    private static async Task WaitUntilConsumingAsync(IConnection connection, string queue)
    {
        var ct = TestContext.Current.CancellationToken;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            try
            {
                if ((await channel.QueueDeclarePassiveAsync(queue, ct)).ConsumerCount > 0)
                    return;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // Not declared yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"nothing consumes from {queue} after 90 s");
            await Task.Delay(100, ct);
        }
    }
}
