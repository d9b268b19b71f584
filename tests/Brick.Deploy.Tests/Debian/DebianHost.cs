using Brick.Deploy.Tests.Support;

namespace Brick.Deploy.Tests.Debian;

/// <summary>
/// A throw-away Debian host for the package: a container of <c>BRICK_DOTNET_RUNTIME_DEPS_IMAGE</c> (Debian bookworm in CI)
/// with the package mounted at /tmp/brick-worker.deb. Removed on dispose.
/// </summary>
internal sealed class DebianHost : IAsyncDisposable
{
    private const string Mounted = "/tmp/brick-worker.deb";

    private DebianHost(string name) => Name = name;

    public string Name { get; }

    public static async Task<DebianHost> StartAsync(string package)
    {
        await DockerCli.RequireAsync();
        var image = DeployImages.RuntimeDepsImage;
        Prerequisite.Require(image is not null, "BRICK_DOTNET_RUNTIME_DEPS_IMAGE (a Debian image with apt) is not set: deploy/docker/build-base-images.sh builds one");
        var name = $"brick-deb-test-{Guid.NewGuid():N}"[..28];
        try
        {
            (await DockerCli.RunAsync(["run", "-d", "--name", name, "-v", $"{package}:{Mounted}:ro", "--entrypoint", "sleep", image!, "infinity"])).Succeeded();
            return new DebianHost(name);
        }
        catch
        {
            // A `docker run -d` that fails at the start (a mount) or times out leaves the container it created.
            await DockerCli.RemoveContainerAsync(name);
            throw;
        }
    }

    /// <summary>Installs what the package depends on with apt, then the package itself with <c>dpkg -i</c>.</summary>
    public async Task InstallAsync()
    {
        var depends = await ShAsync($"dpkg-deb --field {Mounted} Depends");
        var packages = depends.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(alternatives => alternatives.Split('|', StringSplitOptions.TrimEntries)[0].Split(' ')[0]);
        await ShAsync($"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends {string.Join(' ', packages)} >/dev/null",
            TimeSpan.FromMinutes(10));
        await ShAsync($"dpkg -i {Mounted}");
    }

    /// <summary>Runs a shell command line in the container; fails the test unless it exits 0.</summary>
    public async Task<string> ShAsync(string command, TimeSpan? timeout = null) =>
        (await DockerCli.RunAsync(["exec", Name, "sh", "-c", command], timeout ?? TimeSpan.FromMinutes(2))).Succeeded().Output;

    public async ValueTask DisposeAsync() => await DockerCli.RemoveContainerAsync(Name);
}
