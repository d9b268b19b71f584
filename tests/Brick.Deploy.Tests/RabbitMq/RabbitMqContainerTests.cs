using Brick.Deploy.Tests.Support;

namespace Brick.Deploy.Tests.RabbitMq;

/// <summary>The tests' broker container leaves nothing behind when it cannot start.</summary>
public sealed class RabbitMqContainerTests
{
    [Fact]
    public async Task A_broker_whose_container_cannot_start_leaves_no_container_behind()
    {
        var image = await DeployImages.RabbitMqAsync();
        // runc refuses a mount inside /proc: `docker run -d` creates the container, then fails to start it (exit 125).
        var target = $"/proc/brick-{Guid.NewGuid():N}";

        var failed = await Record.ExceptionAsync(() => RabbitMqContainer.StartAsync(image, new Dictionary<string, string> { [Path.GetTempPath()] = target }));

        Assert.NotNull(failed);
        var left = (await DockerCli.RunAsync(["ps", "-aq", "--filter", $"volume={target}"])).Succeeded().Stdout.Trim();
        if (left.Length > 0)
            await DockerCli.RemoveContainerAsync(left);
        Assert.True(left.Length == 0, $"container {left} of the failed start is still there");
    }
}
