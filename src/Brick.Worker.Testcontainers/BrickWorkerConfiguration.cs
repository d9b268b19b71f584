using Docker.DotNet.Models;
using DotNet.Testcontainers.Configurations;

namespace Brick.Worker.Testcontainers;

/// <summary>
/// The configuration of a <see cref="BrickWorkerContainer"/>. Everything the builder sets is a <c>Brick__*</c>
/// environment variable of the container (the worker's own settings), so the container is configured exactly as a
/// <c>docker run -e …</c> would configure it.
/// </summary>
public sealed class BrickWorkerConfiguration : ContainerConfiguration
{
    /// <summary>An empty configuration.</summary>
    public BrickWorkerConfiguration()
    {
    }

    /// <summary>A configuration from Docker's resource configuration.</summary>
    public BrickWorkerConfiguration(IResourceConfiguration<CreateContainerParameters> resourceConfiguration)
        : base(resourceConfiguration)
    {
    }

    /// <summary>A configuration from a container configuration.</summary>
    public BrickWorkerConfiguration(IContainerConfiguration resourceConfiguration)
        : base(resourceConfiguration)
    {
    }

    /// <summary>A copy of <paramref name="resourceConfiguration"/>.</summary>
    public BrickWorkerConfiguration(BrickWorkerConfiguration resourceConfiguration)
        : this(new BrickWorkerConfiguration(), resourceConfiguration)
    {
    }

    /// <summary><paramref name="newValue"/> merged over <paramref name="oldValue"/>.</summary>
    public BrickWorkerConfiguration(BrickWorkerConfiguration oldValue, BrickWorkerConfiguration newValue)
        : base(oldValue, newValue)
    {
    }

    /// <summary>The value of a worker setting (<c>Host</c>, <c>Simulation:Rules:0:Fail</c>, …) as the container's environment sets it, or null.</summary>
    public string? Setting(string key) =>
        Environments is { } environment && environment.TryGetValue(BrickWorkerBuilder.EnvironmentName(key), out var value) ? value : null;
}
