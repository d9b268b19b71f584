using Brick.Deploy.Tests.Support;

namespace Brick.Deploy.Tests.Docker;

/// <summary>
/// deploy/docker/Dockerfile built as CI builds it (the base images as build arguments; local stand-ins here, where no
/// registry is reachable) and the image it makes.
/// </summary>
public sealed class ContainerImageTests
{
    private const string Image = DeployImages.Worker;

    [Fact]
    public async Task The_image_builds_from_the_base_images_given_as_build_arguments()
    {
        var (build, took) = await DeployImages.WorkerAsync();
        Timing.Report($"docker build of {Image}: {took.TotalSeconds:F0} s");
        // The legacy builder prints each FROM's image id (" ---> 0123456789ab"): the build stages ran on the SDK image given.
        var sdk = (await DockerCli.InspectAsync(DeployImages.SdkImage!, "{{.Id}}")).Replace("sha256:", "", StringComparison.Ordinal)[..12];
        Assert.Contains($" ---> {sdk}", build.Output, StringComparison.Ordinal);
        var layers = await DockerCli.InspectAsync(Image, "{{json .RootFS.Layers}}");
        var baseLayers = await DockerCli.InspectAsync(DeployImages.RuntimeDepsImage!, "{{json .RootFS.Layers}}");
        Assert.StartsWith(baseLayers.TrimEnd(']'), layers, StringComparison.Ordinal); // runs on runtime-deps, not on the SDK
    }

    [Fact]
    public async Task Its_label_and_brick_worker_version_give_the_version_it_was_built_with()
    {
        await DeployImages.WorkerAsync();
        Assert.Equal(DeployImages.Version, await DockerCli.InspectAsync(Image, "{{ index .Config.Labels \"org.opencontainers.image.version\" }}"));
        var version = (await DockerCli.RunAsync(["run", "--rm", Image, "--version"])).Succeeded();
        Assert.Equal(DeployImages.Version, version.Stdout.Trim());
    }

    [Fact]
    public async Task It_starts_brick_worker_run_as_root_in_its_settings_folder()
    {
        await DeployImages.WorkerAsync();
        Assert.Equal("[\"brick-worker\"]", await DockerCli.InspectAsync(Image, "{{json .Config.Entrypoint}}"));
        Assert.Equal("[\"run\"]", await DockerCli.InspectAsync(Image, "{{json .Config.Cmd}}"));
        Assert.Equal("/etc/brick-worker", await DockerCli.InspectAsync(Image, "{{.Config.WorkingDir}}"));
        Assert.Contains(await DockerCli.InspectAsync(Image, "{{.Config.User}}"), new[] { "", "root", "0" });
        var help = (await DockerCli.RunAsync(["run", "--rm", Image, "run", "--help"])).Succeeded();
        Assert.Contains("--simulate", help.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_tools_are_where_the_worker_calls_them_and_the_program_carries_its_own_runtime()
    {
        await DeployImages.WorkerAsync();
        // The worker's default program paths; the .NET runtime is inside the program (self-contained), none is installed.
        var probe = (await DockerCli.RunAsync(["run", "--rm", "--entrypoint", "/bin/sh", Image, "-c",
            "for p in /usr/sbin/multipathd /usr/sbin/cryptsetup /usr/sbin/losetup /usr/bin/brick-worker; do test -x $p && echo found $p; done; " +
            "test -e /usr/share/dotnet || echo no-dotnet; ls /usr/lib/brick-worker"])).Succeeded();
        foreach (var program in new[] { "/usr/sbin/multipathd", "/usr/sbin/cryptsetup", "/usr/sbin/losetup", "/usr/bin/brick-worker" })
            Assert.Contains($"found {program}", probe.Stdout, StringComparison.Ordinal);
        Assert.Contains("no-dotnet", probe.Stdout, StringComparison.Ordinal);
        Assert.Equal(["appsettings.json", "brick-worker"], probe.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("found", StringComparison.Ordinal) && l != "no-dotnet"));
    }

    [Fact]
    public async Task A_second_build_of_the_same_code_comes_from_the_cache()
    {
        await DeployImages.WorkerAsync();
        var again = await DockerCli.RunAsync(["build", "--force-rm", "-f", "deploy/docker/Dockerfile", "--build-arg", $"SDK_IMAGE={DeployImages.SdkImage}",
            "--build-arg", $"RUNTIME_DEPS_IMAGE={DeployImages.RuntimeDepsImage}", "--build-arg", $"VERSION={DeployImages.Version}", "-t", Image, "."],
            TimeSpan.FromMinutes(10));
        again.Succeeded();
        Assert.DoesNotContain("Running in", again.Output, StringComparison.Ordinal); // no RUN step ran again
    }
}
