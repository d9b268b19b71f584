namespace Brick.Deploy.Tests.Support;

/// <summary>The local Docker engine, through the <c>docker</c> command (which agrees an API version with any daemon).</summary>
internal static class DockerCli
{
    private static readonly Lazy<Task<bool>> Answers = new(async () =>
        Programs.Find("docker") is not null
        && (await Programs.RunAsync("docker", ["info", "--format", "{{.ServerVersion}}"], TimeSpan.FromSeconds(30))).ExitCode == 0);

    /// <summary>Skips (or, in CI, fails) the test when no Docker daemon answers.</summary>
    public static async Task RequireAsync() =>
        Prerequisite.Require(await Answers.Value, "no Docker daemon answers (deploy/ci/start-docker.sh starts one)");

    public static Task<ProgramResult> RunAsync(IReadOnlyList<string> arguments, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string?>? environment = null) =>
        Programs.RunAsync("docker", arguments, timeout ?? TimeSpan.FromMinutes(3), environment);

    /// <summary><c>docker image inspect --format</c> of an image.</summary>
    public static async Task<string> InspectAsync(string image, string format) =>
        (await RunAsync(["image", "inspect", "--format", format, image])).Succeeded().Stdout.Trim();

    /// <summary><c>docker container inspect --format</c> of a container.</summary>
    public static async Task<string> InspectContainerAsync(string container, string format) =>
        (await RunAsync(["container", "inspect", "--format", format, container])).Succeeded().Stdout.Trim();

    /// <summary>Whether the image is in the local store.</summary>
    public static async Task<bool> HasImageAsync(string image) =>
        (await RunAsync(["image", "inspect", "--format", "{{.Id}}", image])).ExitCode == 0;

    /// <summary>Removes a container, whatever its state.</summary>
    public static Task RemoveContainerAsync(string nameOrId) => RunAsync(["rm", "-f", "-v", nameOrId]);
}
