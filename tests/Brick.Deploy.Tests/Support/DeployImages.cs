using System.Diagnostics;

namespace Brick.Deploy.Tests.Support;

/// <summary>
/// The images the tests build (once per run) or need: the worker from <c>deploy/docker/Dockerfile</c>, the examples
/// (publisher) from <c>deploy/examples/Dockerfile</c>, both on the base images named by <c>BRICK_DOTNET_SDK_IMAGE</c> and
/// <c>BRICK_DOTNET_RUNTIME_DEPS_IMAGE</c> (CI's .ci/setup.d/30-deploy.sh builds local ones: no registry here), and the
/// RabbitMQ image <c>BRICK_TEST_RABBITMQ_IMAGE</c>. Where these are not set, the tests skip (in CI they fail).
/// </summary>
internal static class DeployImages
{
    /// <summary>The version the tests build with, distinct from any real one so that its way into each artefact shows.</summary>
    public const string Version = "9.8.7-test.1";

    public const string Worker = "brick-worker:deploy-test";
    public const string Examples = "brick-examples:deploy-test";

    private static readonly Lazy<Task<(ProgramResult Build, TimeSpan Took)>> WorkerBuild = new(() => BuildAsync(
        ["build", "--force-rm", "-f", "deploy/docker/Dockerfile", "--build-arg", $"SDK_IMAGE={SdkImage}",
            "--build-arg", $"RUNTIME_DEPS_IMAGE={RuntimeDepsImage}", "--build-arg", $"VERSION={Version}", "-t", Worker, "."]));

    private static readonly Lazy<Task<(ProgramResult Build, TimeSpan Took)>> ExamplesBuild = new(() => BuildAsync(
        ["build", "--force-rm", "--build-arg", $"BASE_IMAGE={RuntimeDepsImage}", "-t", Examples, "deploy/examples"]));

    public static string? SdkImage => Environment.GetEnvironmentVariable("BRICK_DOTNET_SDK_IMAGE") is { Length: > 0 } v ? v : null;

    public static string? RuntimeDepsImage => Environment.GetEnvironmentVariable("BRICK_DOTNET_RUNTIME_DEPS_IMAGE") is { Length: > 0 } v ? v : null;

    public static string? RabbitMq => Environment.GetEnvironmentVariable("BRICK_TEST_RABBITMQ_IMAGE") is { Length: > 0 } v ? v : null;

    /// <summary>Builds the worker image (once) and returns the build.</summary>
    public static async Task<(ProgramResult Build, TimeSpan Took)> WorkerAsync()
    {
        await RequireBaseImagesAsync();
        var built = await WorkerBuild.Value;
        built.Build.Succeeded();
        return built;
    }

    /// <summary>Builds the examples image (once).</summary>
    public static async Task ExamplesAsync()
    {
        await RequireBaseImagesAsync();
        (await ExamplesBuild.Value).Build.Succeeded();
    }

    /// <summary>The RabbitMQ image, required.</summary>
    public static async Task<string> RabbitMqAsync()
    {
        await DockerCli.RequireAsync();
        Prerequisite.Require(RabbitMq is not null, "BRICK_TEST_RABBITMQ_IMAGE is not set (deploy/rabbitmq/build-image.sh builds brick/rabbitmq:local)");
        Prerequisite.Require(await DockerCli.HasImageAsync(RabbitMq!), $"no image {RabbitMq} (deploy/rabbitmq/build-image.sh builds it)");
        return RabbitMq!;
    }

    private static async Task RequireBaseImagesAsync()
    {
        await DockerCli.RequireAsync();
        Prerequisite.Require(SdkImage is not null && RuntimeDepsImage is not null,
            "BRICK_DOTNET_SDK_IMAGE and BRICK_DOTNET_RUNTIME_DEPS_IMAGE are not set: deploy/docker/build-base-images.sh builds local ones " +
            "(or name mcr.microsoft.com/dotnet/sdk:10.0 and mcr.microsoft.com/dotnet/runtime-deps:10.0 where a registry is reachable)");
    }

    private static async Task<(ProgramResult, TimeSpan)> BuildAsync(IReadOnlyList<string> arguments)
    {
        var clock = Stopwatch.StartNew();
        var build = await DockerCli.RunAsync(arguments, TimeSpan.FromMinutes(30));
        return (build, clock.Elapsed);
    }
}
