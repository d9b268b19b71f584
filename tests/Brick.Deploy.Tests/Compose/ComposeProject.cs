using Brick.Deploy.Tests.Support;

namespace Brick.Deploy.Tests.Compose;

/// <summary>The root docker-compose.yml run by a <see cref="ComposeTool"/> under a project name of its own, with the
/// <c>BRICK_*</c> variables it reads set by the test (and no others from the test's environment).</summary>
internal sealed class ComposeProject(ComposeTool tool, IReadOnlyDictionary<string, string> variables) : IAsyncDisposable
{
    /// <summary>The variables docker-compose.yml reads.</summary>
    public static readonly string[] Variables =
    [
        "BRICK_RABBITMQ_IMAGE", "BRICK_WORKER_IMAGE", "BRICK_EXAMPLES_IMAGE", "BRICK_EXAMPLES_BASE_IMAGE", "BRICK_DOTNET_SDK_IMAGE",
        "BRICK_DOTNET_RUNTIME_DEPS_IMAGE", "BRICK_VERSION", "BRICK_RABBITMQ_USER", "BRICK_RABBITMQ_PASSWORD", "BRICK_BIND_ADDRESS",
        "BRICK_AMQP_PORT", "BRICK_MANAGEMENT_PORT", "BRICK_HOST", "BRICK_PUBLISH_INTERVAL",
    ];

    public string Name { get; } = $"brickdeploytest{Guid.NewGuid():N}"[..24];

    public ComposeTool Tool => tool;

    public Task<ProgramResult> RunAsync(IReadOnlyList<string> arguments, TimeSpan? timeout = null)
    {
        var environment = Variables.ToDictionary(v => v, v => variables.GetValueOrDefault(v));
        return Programs.RunAsync(tool.Program, [.. tool.Prefix, "-f", RepositoryRoot.Of("docker-compose.yml"), "-p", Name, .. arguments],
            timeout ?? TimeSpan.FromMinutes(2), environment);
    }

    public async ValueTask DisposeAsync() => await RunAsync(["down", "-v", "--remove-orphans", "--timeout", "10"], TimeSpan.FromMinutes(3));
}
