using System.Text;
using System.Text.Json;
using Brick.Contracts;
using Brick.Deploy.Tests.Support;
using RabbitMQ.Client;

namespace Brick.Deploy.Tests.Credentials;

/// <summary>
/// The broker password from a file, the three ways the deployments give it (the option, the setting the DaemonSet and
/// docker-compose set, systemd's credential), overriding the URI's; and nowhere to be seen: not in the worker's
/// command line, not in its logs, not in the environment of the programs it runs.
/// </summary>
public sealed class BrokerPasswordTests
{
    private const string User = "brick-pw";

    public static TheoryData<string> Ways { get; } = ["option", "setting", "credential"];

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task A_password_from_a_file_overrides_the_password_of_the_broker_uri(string way)
    {
        var password = $"pw-{Guid.NewGuid():N}";
        await using var broker = await StartBrokerAsync(password);
        using var folder = new TempFolder();
        var file = folder.Write(way == "credential" ? "broker-password" : "password", password + "\n");
        var broker_uri = $"amqp://{User}:wrong@127.0.0.1:{broker.AmqpPort}/";
        var (arguments, environment) = way switch
        {
            "option" => ((IReadOnlyList<string>)["--broker", broker_uri, "--broker-password-file", file], new Dictionary<string, string>()),
            "setting" => (["--broker", broker_uri], new Dictionary<string, string> { ["Brick__BrokerPasswordFile"] = file }),
            _ => (["--broker", broker_uri], new Dictionary<string, string> { ["CREDENTIALS_DIRECTORY"] = folder.Path }),
        };
        await using var worker = WorkerProcess.Start(["run", "--simulate", "--host", $"pw-{way}", .. arguments], DeployWorker.Options(environment));
        await worker.WaitForLineAsync("Bus started", TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task The_password_is_in_neither_the_command_line_nor_the_logs_nor_the_environment_of_the_programs_it_runs()
    {
        var password = $"pw-{Guid.NewGuid():N}";
        await using var broker = await StartBrokerAsync(password);
        using var folder = new TempFolder();
        using var tree = new LoopDeviceTree();
        var file = folder.Write("password", password);
        const string host = "pw-hidden";
        await using var worker = WorkerProcess.Start(
            ["run", "--host", host, "--broker", $"amqp://{User}@127.0.0.1:{broker.AmqpPort}/", "--broker-password-file", file,
                "--sys-root", tree.SysRoot, "--dev-root", tree.DevRoot, "--losetup", tree.Losetup], DeployWorker.Options());
        await worker.WaitForLineAsync("Bus started", TimeSpan.FromMinutes(2));

        await PublishExtendAsync(broker.AmqpPort, password, host);
        await worker.WaitForLineAsync("Published HostVolumeResized", TimeSpan.FromMinutes(2));

        Assert.True(File.Exists(tree.EnvironmentFile), "the stand-in losetup did not run");
        Assert.DoesNotContain(password, await File.ReadAllTextAsync(tree.EnvironmentFile, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.DoesNotContain(password, (await File.ReadAllTextAsync($"/proc/{worker.Id}/cmdline", TestContext.Current.CancellationToken)).Replace('\0', ' '), StringComparison.Ordinal);
        Assert.DoesNotContain(password, (await File.ReadAllTextAsync($"/proc/{worker.Id}/environ", TestContext.Current.CancellationToken)).Replace('\0', '\n'), StringComparison.Ordinal);
        Assert.DoesNotContain(password, worker.Output, StringComparison.Ordinal);
    }

    private static async Task<RabbitMqContainer> StartBrokerAsync(string password)
    {
        var broker = await RabbitMqContainer.StartAsync(await DeployImages.RabbitMqAsync(), new Dictionary<string, string>());
        try
        {
            await broker.CtlAsync("add_user", User, password);
            await broker.CtlAsync("set_permissions", "-p", "/", User, ".*", ".*", ".*");
            return broker;
        }
        catch
        {
            await broker.DisposeAsync(); // not returned to the test's await using
            throw;
        }
    }

    private static async Task PublishExtendAsync(int port, string password, string host)
    {
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = port, UserName = User, Password = password };
        await using var connection = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            TestContext.Current.CancellationToken);
        var request = JsonSerializer.SerializeToUtf8Bytes(new
        {
            volumeId = "vol-pw",
            host,
            newSizeBytes = LoopDeviceTree.GrownBytes,
            connection = new { driverVolumeType = "local", data = new { device_path = "/dev/loop0" } },
        });
        await channel.BasicPublishAsync(EntityNames.VolumeExtendedExchange, host, mandatory: true,
            new BasicProperties { ContentType = "application/json", CorrelationId = Guid.NewGuid().ToString(), Persistent = true },
            request, TestContext.Current.CancellationToken);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("brick-pw.").FullName;

        public string Write(string name, string text)
        {
            var file = System.IO.Path.Combine(Path, name);
            File.WriteAllText(file, text, Encoding.UTF8);
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return file;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
