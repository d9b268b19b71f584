using System.Text.Json;
using System.Text.Json.Nodes;
using Brick.Contracts;
using Brick.Deploy.Tests.Support;

namespace Brick.Deploy.Tests.RabbitMq;

/// <summary>
/// deploy/rabbitmq/definitions.json against the worker: imported with <c>rabbitmqctl import_definitions</c> into one vhost
/// of a real broker, it must equal what <c>brick-worker run</c> declares on its own in another vhost (types, flags,
/// arguments, bindings), and a worker must start on a broker that imported it.
/// </summary>
public sealed class DefinitionsTests
{
    private static readonly string File = RepositoryRoot.Of("deploy", "rabbitmq", "definitions.json");

    [Fact]
    public void The_file_names_every_shared_entity_of_the_contract()
    {
        var definitions = JsonNode.Parse(System.IO.File.ReadAllText(File))!;
        var exchanges = definitions["exchanges"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string)e!["type"]!);
        Assert.Equal(new Dictionary<string, string>
        {
            [EntityNames.VolumeExtendedExchange] = "direct",
            [EntityNames.Unrouted] = "fanout",
            [EntityNames.HostVolumeResizedExchange] = "topic",
            [EntityNames.HostVolumeResizeFailedExchange] = "topic",
            [EntityNames.GuestDiskResizedExchange] = "topic",
            [EntityNames.GuestDiskResizeFailedExchange] = "topic",
            [EntityNames.WorkerDeadLetterExchange] = "direct",
            [EntityNames.BlockresizeDeadLetterExchange] = "direct",
        }, exchanges);
        // Each policy dead-letters to its exchange with that exchange's name as key: to the fleet's one queue, whatever the host.
        var policies = definitions["policies"]!.AsArray().ToDictionary(p => (string)p!["name"]!,
            p => ((string)p!["definition"]!["dead-letter-exchange"]!, (string)p["definition"]!["dead-letter-routing-key"]!));
        Assert.Equal(new Dictionary<string, (string, string)>
        {
            ["brick-worker-queues"] = (EntityNames.WorkerDeadLetterExchange, EntityNames.WorkerDeadLetterQueue),
            ["brick-blockresize-queues"] = (EntityNames.BlockresizeDeadLetterExchange, EntityNames.BlockresizeDeadLetterQueue),
        }, policies);
        Assert.Equal([EntityNames.Unrouted, EntityNames.WorkerDeadLetterQueue, EntityNames.BlockresizeDeadLetterQueue],
            definitions["queues"]!.AsArray().Select(q => (string)q!["name"]!));
        Assert.Equal(
        [
            (EntityNames.Unrouted, EntityNames.Unrouted, ""),
            (EntityNames.WorkerDeadLetterExchange, EntityNames.WorkerDeadLetterQueue, EntityNames.WorkerDeadLetterQueue),
            (EntityNames.BlockresizeDeadLetterExchange, EntityNames.BlockresizeDeadLetterQueue, EntityNames.BlockresizeDeadLetterQueue),
        ], definitions["bindings"]!.AsArray().Select(b => ((string)b!["source"]!, (string)b["destination"]!, (string)b["routing_key"]!)));
    }

    [Fact]
    public async Task Imported_with_rabbitmqctl_they_equal_what_the_worker_declares_and_a_worker_starts_on_them()
    {
        var image = await DeployImages.RabbitMqAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var broker = await RabbitMqContainer.StartAsync(image, new Dictionary<string, string> { [File] = "/etc/brick/definitions.json" });
        await broker.CtlAsync("import_definitions", "/etc/brick/definitions.json");
        await broker.CtlAsync("add_vhost", "declared");
        await broker.CtlAsync("set_permissions", "-p", "declared", "guest", ".*", ".*", ".*");

        await using (var worker = WorkerProcess.Start(["run", "--simulate", "--host", "deploy-definitions", "--broker", broker.Uri("declared")], DeployWorker.Options()))
        {
            await worker.WaitForLineAsync("Contract topology declared", TimeSpan.FromMinutes(2));
            await worker.WaitForLineAsync("Bus started", TimeSpan.FromMinutes(2));
        }

        // The dead-letter exchanges of the delivery-limit policies and the fleet's dead-letter queues behind them are the
        // operator's (with the policies): no worker declares them.
        string[] operatorsOnly = [EntityNames.WorkerDeadLetterExchange, EntityNames.BlockresizeDeadLetterExchange];
        var imported = await ContractEntitiesAsync(broker, "/");
        var declared = await ContractEntitiesAsync(broker, "declared");
        Assert.Equal(declared, imported.Where(e => !operatorsOnly.Any(x => e.Contains($"\":\"{x}\"", StringComparison.Ordinal))));
        Assert.Equal(8, imported.Count(e => e.StartsWith("exchange ", StringComparison.Ordinal)));

        // The worker declares the same entities on a broker that imported the file: no argument differs, nothing is refused.
        await using var onImported = WorkerProcess.Start(["run", "--simulate", "--host", "deploy-definitions", "--broker", broker.Uri()], DeployWorker.Options());
        await onImported.WaitForLineAsync("Contract topology declared", TimeSpan.FromMinutes(2));
        Assert.DoesNotContain("Cannot declare the contract topology", onImported.Output, StringComparison.Ordinal);
        Assert.Equal(imported, await ContractEntitiesAsync(broker, "/"));
        // The worker's queue gets the policy, the fleet's dead-letter queues do not, and the host has no error queue before a
        // failure: its dead letters go to the fleet's queue.
        var queues = (await broker.ListAsync("queues", "/", "name", "policy")).ToDictionary(
            r => r.GetProperty("name").GetString()!, r => r.GetProperty("policy").ValueKind == JsonValueKind.String ? r.GetProperty("policy").GetString() : null);
        Assert.Equal("brick-worker-queues", queues[EntityNames.WorkerQueue("deploy-definitions")]);
        Assert.True(string.IsNullOrEmpty(queues[EntityNames.WorkerDeadLetterQueue]), queues[EntityNames.WorkerDeadLetterQueue]);
        Assert.True(string.IsNullOrEmpty(queues[EntityNames.BlockresizeDeadLetterQueue]), queues[EntityNames.BlockresizeDeadLetterQueue]);
        Assert.DoesNotContain(EntityNames.ErrorQueue("deploy-definitions"), queues.Keys);
        Timing.Report($"definitions test (broker start, import, two workers): {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>The contract's shared entities in a vhost, one normalised line each: every <c>brick.</c> exchange and queue
    /// and the bindings between them (each host's own <c>brick-worker.HOST</c> entities are not shared).</summary>
    private static async Task<List<string>> ContractEntitiesAsync(RabbitMqContainer broker, string vhost)
    {
        static bool Shared(string name) => name.StartsWith("brick.", StringComparison.Ordinal);
        static string Line(string kind, JsonElement row) => $"{kind} {JsonSerializer.Serialize(row)}";

        var lines = new List<string>();
        lines.AddRange((await broker.ListAsync("exchanges", vhost, "name", "type", "durable", "auto_delete", "internal", "arguments"))
            .Where(r => Shared(r.GetProperty("name").GetString()!)).Select(r => Line("exchange", r)));
        lines.AddRange((await broker.ListAsync("queues", vhost, "name", "type", "durable", "auto_delete", "exclusive", "arguments"))
            .Where(r => Shared(r.GetProperty("name").GetString()!)).Select(r => Line("queue", r)));
        lines.AddRange((await broker.ListAsync("bindings", vhost, "source_name", "source_kind", "destination_name", "destination_kind", "routing_key", "arguments"))
            .Where(r => Shared(r.GetProperty("source_name").GetString()!) && Shared(r.GetProperty("destination_name").GetString()!))
            .Select(r => Line("binding", r)));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
