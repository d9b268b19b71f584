using Brick.Worker.Cli;

namespace Brick.Worker.Tests.Cli;

/// <summary><c>brick-worker cinder-bridge</c> with bad settings: each problem named by the option the user typed; exit 2, nothing connects.</summary>
public sealed class CinderBridgeCommandTests
{
    private static async Task<(int Exit, string Text)> RunAsync(params string[] args)
    {
        var stderr = new StringWriter();
        var exit = await BrickWorkerCli.RunAsync(["cinder-bridge", .. args], TextReader.Null, new StringWriter(), stderr);
        return (exit, stderr.ToString());
    }

    [Fact]
    public async Task A_bad_notifications_broker_exchange_and_queue_are_each_named()
    {
        var (exit, text) = await RunAsync("--notifications-broker", "rabbit://cinder@rabbit.example/", "--exchange", "open stack", "--queue", "");

        Assert.Equal(2, exit);
        Assert.Contains("--notifications-broker has the scheme 'rabbit'; use amqp:// or amqps://", text, StringComparison.Ordinal);
        Assert.Contains("--exchange must be 1 to 255 printable ASCII characters without spaces.", text, StringComparison.Ordinal);
        Assert.Contains("--queue must be 1 to 249 printable ASCII characters without spaces.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_s_own_options_are_not_the_bridge_s()
    {
        var (exit, text) = await RunAsync("--sys-root", "/");

        Assert.Equal(2, exit);
        Assert.Contains("--sys-root", text, StringComparison.Ordinal);
    }
}
