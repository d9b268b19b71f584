using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Brick.Contracts;
using Brick.Deploy.Tests.Support;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Brick.Deploy.Tests.Compose;

/// <summary>
/// <c>up</c> of the root docker-compose.yml with the images built here, by Debian 12's <c>docker-compose</c> 1.29 and by
/// the Compose v2 plugin (<c>docker compose</c>) each: the broker loads the contract's definitions, the simulated worker
/// starts, the publisher grows the simulated volume, an outcome arrives, and <c>blockresize --simulate</c> passes the
/// new size on to its stand-in guest's disk.
/// </summary>
public sealed class ComposeStackTests
{
    private const string Host = "compute-sim";

    [Theory]
    [MemberData(nameof(ComposeTool.Names), MemberType = typeof(ComposeTool))]
    public async Task The_stack_comes_up_and_a_HostVolumeResized_for_the_published_extend_arrives(string composeTool)
    {
        var tool = ComposeTool.Named(composeTool);
        var version = await tool.RequireAsync();
        var rabbitMq = await DeployImages.RabbitMqAsync();
        await DeployImages.WorkerAsync();
        await DeployImages.ExamplesAsync();
        var amqpPort = FreePort();
        var managementPort = FreePort();
        await using var project = new ComposeProject(tool, new Dictionary<string, string>
        {
            ["BRICK_RABBITMQ_IMAGE"] = rabbitMq,
            ["BRICK_WORKER_IMAGE"] = DeployImages.Worker,
            ["BRICK_EXAMPLES_IMAGE"] = DeployImages.Examples,
            ["BRICK_AMQP_PORT"] = $"{amqpPort}",
            ["BRICK_MANAGEMENT_PORT"] = $"{managementPort}",
        });
        var clock = Stopwatch.StartNew();
        try
        {
            (await project.RunAsync(["up", "-d", "--no-build"], TimeSpan.FromMinutes(5))).Succeeded();
            var up = clock.Elapsed;

            var outcome = await FirstOutcomeAsync(amqpPort, TimeSpan.FromMinutes(2));
            Timing.Report(
                $"{tool} {version} up -d: {up.TotalSeconds:F0} s; first HostVolumeResized {clock.Elapsed.TotalSeconds:F0} s after `up` began");
            Assert.Equal("vol-sim", outcome.GetProperty("volumeId").GetString());
            Assert.Equal(Host, outcome.GetProperty("host").GetString());
            Assert.True(outcome.GetProperty("newSizeBytes").GetInt64() > 10L << 30, "the simulated volume starts at 10 GiB and grows");

            // -a: v2's `ps` lists running containers only, and topology has exited.
            var topology = (await project.RunAsync(["ps", "-a", "-q", "topology"])).Succeeded().Stdout.Trim();
            Assert.Equal("0", await DockerCli.InspectContainerAsync(topology, "{{.State.ExitCode}}"));
            Assert.Contains("definitions.json imported", (await project.RunAsync(["logs", "--no-color", "topology"])).Stdout, StringComparison.Ordinal);
            await WaitForAsync(async () => (await project.RunAsync(["logs", "--no-color", "publisher"])).Stdout
                .Contains(EntityNames.HostVolumeResizedExchange, StringComparison.Ordinal), TimeSpan.FromMinutes(1), "the publisher printed no outcome");
            await WaitForAsync(async () => (await project.RunAsync(["logs", "--no-color", "blockresize"])).Stdout
                .Contains("stand-in hypervisor: guest sim-guest: disk0 (/dev/dm-0)", StringComparison.Ordinal), TimeSpan.FromMinutes(1),
                "blockresize --simulate resized no disk of the stand-in guest");
            Timing.Report($"{tool} {version}: the stand-in guest's disk resized {clock.Elapsed.TotalSeconds:F0} s after `up` began");
            await AssertManagementAnswersAsync(managementPort);
        }
        catch
        {
            TestContext.Current.TestOutputHelper?.WriteLine((await project.RunAsync(["logs", "--no-color"])).Output);
            throw;
        }
    }

    /// <summary>Reads the first outcome for <see cref="Host"/> from the outcome exchange, through the published AMQP port.</summary>
    private static async Task<JsonElement> FirstOutcomeAsync(int port, TimeSpan timeout)
    {
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = port, UserName = "brick", Password = "brick" };
        await using var connection = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: TestContext.Current.CancellationToken)).QueueName;
        await channel.QueueBindAsync(queue, EntityNames.HostVolumeResizedExchange, Host, cancellationToken: TestContext.Current.CancellationToken);
        var received = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            using var body = JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span));
            var message = body.RootElement.TryGetProperty("message", out var inner) ? inner : body.RootElement; // envelope or raw
            received.TrySetResult(message.Clone());
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer, TestContext.Current.CancellationToken);
        return await received.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);
    }

    private static async Task AssertManagementAnswersAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("brick:brick"u8.ToArray()));
        var exchange = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/api/exchanges/%2F/{EntityNames.VolumeExtendedExchange}"), TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(exchange);
        Assert.Equal(EntityNames.Unrouted, json.RootElement.GetProperty("arguments").GetProperty("alternate-exchange").GetString());
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, failure);
            await Task.Delay(1000, TestContext.Current.CancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
