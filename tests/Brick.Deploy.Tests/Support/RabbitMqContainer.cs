using System.Text.Json;

namespace Brick.Deploy.Tests.Support;

/// <summary>A RabbitMQ container of <see cref="DeployImages.RabbitMq"/> (user guest/guest), driven with the docker command;
/// removed on dispose.</summary>
internal sealed class RabbitMqContainer : IAsyncDisposable
{
    private RabbitMqContainer(string name, int amqpPort)
    {
        Name = name;
        AmqpPort = amqpPort;
    }

    public string Name { get; }

    public int AmqpPort { get; }

    /// <summary>The AMQP URI of a vhost, with the credentials.</summary>
    public string Uri(string vhost = "/") => $"amqp://guest:guest@127.0.0.1:{AmqpPort}/{System.Uri.EscapeDataString(vhost)}";

    /// <summary>Starts a broker with <paramref name="mounts"/> (<c>host path → container path</c>, read-only) and waits until it serves.</summary>
    public static async Task<RabbitMqContainer> StartAsync(string image, IReadOnlyDictionary<string, string> mounts)
    {
        var name = $"brick-deploy-test-{Guid.NewGuid():N}"[..32];
        List<string> run = ["run", "-d", "--name", name, "-p", "127.0.0.1::5672", "-e", "RABBITMQ_DEFAULT_USER=guest", "-e", "RABBITMQ_DEFAULT_PASS=guest"];
        foreach (var (source, target) in mounts)
            run.AddRange(["-v", $"{source}:{target}:ro"]);
        try
        {
            // Inside: a `docker run -d` that fails at the start (a port, a mount) leaves the container it created.
            (await DockerCli.RunAsync([.. run, image])).Succeeded();
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            while (!(await DockerCli.RunAsync(["logs", name])).Output.Contains("Server startup complete", StringComparison.Ordinal))
            {
                if (DateTime.UtcNow > deadline)
                    Assert.Fail($"RabbitMQ did not start within 3 min:{Environment.NewLine}{(await DockerCli.RunAsync(["logs", name])).Output}");
                await Task.Delay(1000, TestContext.Current.CancellationToken);
            }

            var port = (await DockerCli.RunAsync(["port", name, "5672/tcp"])).Succeeded().Stdout.Trim().Split('\n')[0];
            return new RabbitMqContainer(name, int.Parse(port[(port.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch
        {
            await DockerCli.RemoveContainerAsync(name);
            throw;
        }
    }

    /// <summary><c>rabbitmqctl</c> in the container; fails the test unless it succeeds.</summary>
    public async Task<string> CtlAsync(params string[] arguments) =>
        (await DockerCli.RunAsync(["exec", Name, "rabbitmqctl", .. arguments], TimeSpan.FromMinutes(2))).Succeeded().Stdout;

    /// <summary>A <c>rabbitmqctl list_…</c> table as JSON rows.</summary>
    public async Task<IReadOnlyList<JsonElement>> ListAsync(string what, string vhost, params string[] columns)
    {
        var json = await CtlAsync([$"list_{what}", "-q", "-p", vhost, .. columns, "--formatter", "json"]);
        return JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
    }

    public async ValueTask DisposeAsync() => await DockerCli.RemoveContainerAsync(Name);
}
