using DotNet.Testcontainers.Containers;
using Testcontainers.RabbitMq;

namespace Brick.Worker.IntegrationTests;

/// <summary>
/// Builds RabbitMQ containers for the tests. No Ryuk (no extra image): every container is removed by the fixture or the
/// test that made it. The image is <c>BRICK_TEST_RABBITMQ_IMAGE</c> (RabbitMQ 4; CI builds <c>brick/rabbitmq4:local</c>
/// itself); the compatibility tests (<see cref="CompatBrokers"/>) also run on <c>BRICK_TEST_RABBITMQ3_IMAGE</c>
/// (RabbitMQ 3.10; CI: <c>brick/rabbitmq:local</c>).
/// </summary>
public static class RabbitContainers
{
    /// <summary>An official image tag, used where <c>BRICK_TEST_RABBITMQ_IMAGE</c> is not set.</summary>
    public const string DefaultImage = "rabbitmq:4.0";

    static RabbitContainers()
    {
        Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
        DockerDaemon.PinApiVersion();
    }

    /// <summary>The image to run.</summary>
    public static string Image => Environment.GetEnvironmentVariable("BRICK_TEST_RABBITMQ_IMAGE") is { Length: > 0 } image ? image : DefaultImage;

    /// <summary>The RabbitMQ 3 image of the compatibility tests (<c>BRICK_TEST_RABBITMQ3_IMAGE</c>), or null when not set.</summary>
    public static string? Rabbitmq3Image => Environment.GetEnvironmentVariable("BRICK_TEST_RABBITMQ3_IMAGE") is { Length: > 0 } image ? image : null;

    /// <summary>
    /// A container of <paramref name="image"/> (default <see cref="Image"/>); with <paramref name="hostPort"/> its AMQP
    /// port stays the same across a restart.
    /// </summary>
    public static RabbitMqContainer Build(int? hostPort = null, string? image = null)
    {
        var builder = new RabbitMqBuilder(image ?? Image)
            .WithUsername("guest")
            .WithPassword("guest")
            .WithCleanUp(true);
        if (hostPort is { } port)
            builder = builder.WithPortBinding(port, RabbitMqBuilder.RabbitMqPort);
        return builder.Build();
    }

    /// <summary>
    /// Stops and removes a container (without Ryuk nothing else removes it), whatever became of its start: one that
    /// was never created has nothing to remove (Testcontainers' <c>Id</c> throws for it), one whose start failed half
    /// way is removed all the same.
    /// </summary>
    public static async Task RemoveAsync(IContainer container)
    {
        var id = IdOf(container);
        try
        {
            await container.DisposeAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"Could not stop container {id ?? "(never created)"}: {e.Message}");
        }

        if (id is not null)
            await DockerDaemon.RemoveAsync(id);
    }

    /// <summary>The container's id, or null when it was never created.</summary>
    public static string? IdOf(IContainer container)
    {
        try
        {
            return container.Id;
        }
        catch (InvalidOperationException)
        {
            return null; // "Could not find resource": not created (or already removed)
        }
    }

    /// <summary>A free TCP port on the loopback interface.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
