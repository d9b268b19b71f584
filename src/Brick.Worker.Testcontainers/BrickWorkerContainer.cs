using DotNet.Testcontainers.Containers;

namespace Brick.Worker.Testcontainers;

/// <summary>A started <c>brick-worker run --simulate</c>: the host it serves and its queues.</summary>
public sealed class BrickWorkerContainer(BrickWorkerConfiguration configuration) : DockerContainer(configuration)
{
    /// <summary>The compute host the worker serves: publish <c>VolumeExtended</c> with this routing key and <c>host</c>.</summary>
    public string HostName { get; } = configuration.Setting("Host") ?? BrickWorkerBuilder.DefaultHost;

    /// <summary>The worker's queue, <c>brick-worker.&lt;host&gt;</c>.</summary>
    public string QueueName => $"brick-worker.{HostName}";

    /// <summary>Where failed messages go, <c>brick-worker.&lt;host&gt;_error</c>, each with a <c>brick-reason</c> header.</summary>
    public string ErrorQueueName => $"{QueueName}_error";
}
