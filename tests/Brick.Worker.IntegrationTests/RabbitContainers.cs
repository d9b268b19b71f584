using Testcontainers.RabbitMq;

namespace Brick.Worker.IntegrationTests;

/// <summary>
/// Builds RabbitMQ containers for the tests. No Ryuk (no extra image): every container is removed by the fixture or the
/// test that made it. The image is <c>BRICK_TEST_RABBITMQ_IMAGE</c>; CI builds <c>brick/rabbitmq:local</c> itself.
/// </summary>
public static class RabbitContainers
{
    /// <summary>An official image tag, used where <c>BRICK_TEST_RABBITMQ_IMAGE</c> is not set.</summary>
    public const string DefaultImage = "rabbitmq:4.1";

    static RabbitContainers()
    {
        Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
        DockerDaemon.PinApiVersion();
    }

    /// <summary>The image to run.</summary>
    public static string Image => Environment.GetEnvironmentVariable("BRICK_TEST_RABBITMQ_IMAGE") is { Length: > 0 } image ? image : DefaultImage;

    /// <summary>A container; with <paramref name="hostPort"/> its AMQP port stays the same across a restart.</summary>
    public static RabbitMqContainer Build(int? hostPort = null)
    {
        var builder = new RabbitMqBuilder(Image)
            .WithUsername("guest")
            .WithPassword("guest")
            .WithCleanUp(true);
        if (hostPort is { } port)
            builder = builder.WithPortBinding(port, RabbitMqBuilder.RabbitMqPort);
        return builder.Build();
    }

    /// <summary>Stops and removes a container (without Ryuk nothing else removes it).</summary>
    public static async Task RemoveAsync(RabbitMqContainer container)
    {
        var id = container.Id;
        await container.DisposeAsync();
        await DockerDaemon.RemoveAsync(id);
    }

    /// <summary>A free TCP port on the loopback interface.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
