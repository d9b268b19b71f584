using Brick.Deploy.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Brick.Deploy.Tests.Compose;

/// <summary>docker-compose.yml as Debian 12's docker-compose 1.29 and the Compose v2 plugin (<c>docker compose</c>) each read it
/// (their <c>config</c>): defaults, what the environment changes; and its start order.</summary>
public sealed class ComposeFileTests
{
    [Theory]
    [MemberData(nameof(ComposeTool.Names), MemberType = typeof(ComposeTool))]
    public async Task With_nothing_set_it_runs_the_official_images_and_builds_its_own_on_local_ports(string composeTool)
    {
        var services = await ConfigAsync(composeTool, new Dictionary<string, string>());
        Assert.Equal("rabbitmq:4.0-management", Scalar(services, "rabbitmq", "image"));
        Assert.Equal("brick-worker:local", Scalar(services, "worker", "image"));
        Assert.Equal("brick-examples:local", Scalar(services, "publisher", "image"));
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", Scalar(services, "worker", "build", "args", "SDK_IMAGE"));
        Assert.Equal("mcr.microsoft.com/dotnet/runtime-deps:10.0", Scalar(services, "worker", "build", "args", "RUNTIME_DEPS_IMAGE"));
        Assert.Equal(["127.0.0.1:5672:5672/tcp", "127.0.0.1:15672:15672/tcp"], Ports(services, "rabbitmq"));
    }

    [Theory]
    [MemberData(nameof(ComposeTool.Names), MemberType = typeof(ComposeTool))]
    public async Task Every_image_port_and_credential_comes_from_the_environment_when_set(string composeTool)
    {
        var services = await ConfigAsync(composeTool, new Dictionary<string, string>
        {
            ["BRICK_RABBITMQ_IMAGE"] = "example/rabbit:1",
            ["BRICK_WORKER_IMAGE"] = "example/worker:2",
            ["BRICK_EXAMPLES_IMAGE"] = "example/examples:3",
            ["BRICK_EXAMPLES_BASE_IMAGE"] = "example/debian:4",
            ["BRICK_DOTNET_SDK_IMAGE"] = "example/sdk:5",
            ["BRICK_DOTNET_RUNTIME_DEPS_IMAGE"] = "example/deps:6",
            ["BRICK_VERSION"] = "7.0.0",
            ["BRICK_AMQP_PORT"] = "25001",
            ["BRICK_MANAGEMENT_PORT"] = "25002",
            ["BRICK_BIND_ADDRESS"] = "0.0.0.0",
            ["BRICK_RABBITMQ_USER"] = "u8",
            ["BRICK_RABBITMQ_PASSWORD"] = "p9",
            ["BRICK_HOST"] = "node-10",
        });
        Assert.Equal("example/rabbit:1", Scalar(services, "rabbitmq", "image"));
        Assert.Equal("example/worker:2", Scalar(services, "worker", "image"));
        Assert.Equal("example/examples:3", Scalar(services, "publisher", "image"));
        Assert.Equal("example/examples:3", Scalar(services, "topology", "image"));
        Assert.Equal("example/debian:4", Scalar(services, "publisher", "build", "args", "BASE_IMAGE"));
        Assert.Equal("example/sdk:5", Scalar(services, "worker", "build", "args", "SDK_IMAGE"));
        Assert.Equal("example/deps:6", Scalar(services, "worker", "build", "args", "RUNTIME_DEPS_IMAGE"));
        Assert.Equal("7.0.0", Scalar(services, "worker", "build", "args", "VERSION"));
        Assert.Equal(["0.0.0.0:25001:5672/tcp", "0.0.0.0:25002:15672/tcp"], Ports(services, "rabbitmq"));
        Assert.Equal("u8", Scalar(services, "rabbitmq", "environment", "RABBITMQ_DEFAULT_USER"));
        Assert.Equal("amqp://u8:p9@rabbitmq:5672/", Scalar(services, "worker", "environment", "Brick__Broker"));
        Assert.Equal("node-10", Scalar(services, "worker", "environment", "Brick__Host"));
    }

    [Fact]
    public void It_is_a_compose_specification_file_whose_start_order_waits_for_health_and_completion()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(RepositoryRoot.Of("docker-compose.yml")))
            yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        // No `version:`: the Compose Specification, which docker compose v2 and docker-compose 1.29 both read.
        Assert.False(root.Children.ContainsKey(new YamlScalarNode("version")));
        var services = (YamlMappingNode)root.Children[new YamlScalarNode("services")];
        Assert.NotNull(Node(services, "rabbitmq", "healthcheck", "test"));
        Assert.Equal("service_healthy", Scalar(services, "topology", "depends_on", "rabbitmq", "condition"));
        Assert.Equal("service_completed_successfully", Scalar(services, "worker", "depends_on", "topology", "condition"));
        Assert.Equal("service_started", Scalar(services, "publisher", "depends_on", "worker", "condition"));
        Assert.Equal("./deploy/rabbitmq/definitions.json:/etc/brick/definitions.json:ro", Sequence(services, "topology", "volumes").Single());
        Assert.Equal(["run", "--simulate"], Sequence(services, "worker", "command"));
        Assert.Equal(["blockresize", "--simulate"], Sequence(services, "blockresize", "command"));
        Assert.Equal("service_completed_successfully", Scalar(services, "blockresize", "depends_on", "topology", "condition"));
    }

    [Fact]
    public void The_broker_refuses_messages_above_the_limit_of_deploy_rabbitmq_limits_conf_which_the_worker_takes_in_whole()
    {
        var conf = File.ReadAllLines(RepositoryRoot.Of("deploy", "rabbitmq", "limits.conf"));
        var limit = long.Parse(conf.Single(l => l.StartsWith("max_message_size", StringComparison.Ordinal)).Split('=')[1].Trim(),
            System.Globalization.CultureInfo.InvariantCulture);
        var yaml = new YamlStream();
        using (var reader = File.OpenText(RepositoryRoot.Of("docker-compose.yml")))
            yaml.Load(reader);
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("services")];

        Assert.Equal($"-rabbit max_message_size {limit}", Scalar(services, "rabbitmq", "environment", "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"));
        Assert.InRange(limit, new Brick.Service.Settings.EndpointSettings().MaxMessageBytes, new Brick.Service.Settings.EndpointSettings().MaxReceivedBytes);
    }

    private static async Task<YamlMappingNode> ConfigAsync(string composeTool, IReadOnlyDictionary<string, string> variables)
    {
        var tool = ComposeTool.Named(composeTool);
        await tool.RequireAsync();
        await using var project = new ComposeProject(tool, variables);
        var config = (await project.RunAsync(["config"])).Succeeded();
        var yaml = new YamlStream();
        yaml.Load(new StringReader(config.Stdout));
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("services")];
    }

    private static YamlNode? Node(YamlMappingNode services, params string[] path)
    {
        YamlNode node = services;
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var child))
                return null;
            node = child;
        }

        return node;
    }

    private static string? Scalar(YamlMappingNode services, params string[] path) => (Node(services, path) as YamlScalarNode)?.Value;

    /// <summary>A service's published ports as <c>host_ip:published:target/protocol</c>: 1.29 prints them so, v2 in the
    /// long syntax (a mapping each).</summary>
    private static List<string> Ports(YamlMappingNode services, string service) =>
        ((YamlSequenceNode)Node(services, service, "ports")!).Children.Select(port => port is YamlMappingNode map
            ? $"{Field(map, "host_ip")}:{Field(map, "published")}:{Field(map, "target")}/{Field(map, "protocol")}"
            : ((YamlScalarNode)port).Value!).ToList();

    private static string? Field(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static List<string> Sequence(YamlMappingNode services, params string[] path) =>
        ((YamlSequenceNode)Node(services, path)!).Children.Select(n => ((YamlScalarNode)n).Value!).ToList();
}
