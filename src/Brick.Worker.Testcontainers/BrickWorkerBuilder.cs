using System.Globalization;
using Docker.DotNet.Models;
using DotNet.Testcontainers;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using Testcontainers.RabbitMq;

namespace Brick.Worker.Testcontainers;

/// <summary>
/// Builds a <see cref="BrickWorkerContainer"/>: <c>brick-worker run --simulate</c> in a container of the worker's image,
/// consuming <c>VolumeExtended</c> for one host from a broker and answering as a host would — any volume a request
/// names is laid out on the spot and resized, and rules make it fail as a real host fails. Every setting is a
/// <c>Brick__*</c> environment variable of the container; the container is ready once the worker logs that it consumes.
/// </summary>
public sealed class BrickWorkerBuilder : ContainerBuilder<BrickWorkerBuilder, BrickWorkerContainer, BrickWorkerConfiguration>
{
    /// <summary>The image when none is given (build it with <c>deploy/docker/Dockerfile</c>).</summary>
    public const string DefaultImage = "brick-worker:latest";

    /// <summary>The host name when none is given.</summary>
    public const string DefaultHost = "brick-sim";

    /// <summary>The line the worker logs once its queue is declared, bound and consumed.</summary>
    public const string ReadyLine = "Consuming VolumeExtended from";

    /// <summary>A builder with the default image, host and output; name a broker with <see cref="WithBroker(Uri)"/> or <see cref="WithBroker(RabbitMqContainer)"/>.</summary>
    public BrickWorkerBuilder()
        : this(new BrickWorkerConfiguration())
    {
        DockerResourceConfiguration = Init().DockerResourceConfiguration;
    }

    private BrickWorkerBuilder(BrickWorkerConfiguration resourceConfiguration)
        : base(resourceConfiguration)
    {
        DockerResourceConfiguration = resourceConfiguration;
    }

    /// <inheritdoc />
    protected override BrickWorkerConfiguration DockerResourceConfiguration { get; }

    /// <summary>The environment variable of a worker setting: <c>Simulation:Rules:0:Fail</c> → <c>Brick__Simulation__Rules__0__Fail</c>.</summary>
    public static string EnvironmentName(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return "Brick__" + key.Replace(":", "__", StringComparison.Ordinal);
    }

    /// <summary>The container's environment so far: every setting the builder made, as <c>Brick__*</c> variables.</summary>
    public IReadOnlyDictionary<string, string> Environment => DockerResourceConfiguration.Environments;

    /// <summary>The container's command so far (<c>run --simulate</c>).</summary>
    public IReadOnlyList<string> Command => DockerResourceConfiguration.Command is { } command ? [.. command] : [];

    /// <summary>The compute host the worker serves: requests must name it; its queue is <c>brick-worker.&lt;host&gt;</c>.</summary>
    public BrickWorkerBuilder WithHost(string host) => WithSetting("Host", host);

    /// <summary>The broker, as the worker reaches it from inside its container: <c>amqp://user:password@node:5672/vhost</c>.</summary>
    public BrickWorkerBuilder WithBroker(Uri broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return WithSetting("Broker", broker.AbsoluteUri);
    }

    /// <summary>
    /// A RabbitMQ container, already started, reached by its address on the network both containers share (Docker's
    /// default bridge unless you put both on a network of yours with <c>WithNetwork</c>), with its credentials.
    /// </summary>
    public BrickWorkerBuilder WithBroker(RabbitMqContainer rabbitMq)
    {
        ArgumentNullException.ThrowIfNull(rabbitMq);
        return WithBroker(rabbitMq, null);
    }

    /// <summary>
    /// A RabbitMQ container, already started, reached by <paramref name="networkAlias"/> on a network of yours that
    /// both containers join (<c>WithNetwork(network)</c> on both, <c>WithNetworkAliases(alias)</c> on RabbitMQ).
    /// </summary>
    public BrickWorkerBuilder WithBroker(RabbitMqContainer rabbitMq, string? networkAlias)
    {
        ArgumentNullException.ThrowIfNull(rabbitMq);
        if (rabbitMq.State != TestcontainersStates.Running)
            throw new InvalidOperationException("Start the RabbitMqContainer before building the worker: its address and credentials are read from it.");
        var seen = new UriBuilder(rabbitMq.GetConnectionString())
        {
            Host = networkAlias ?? rabbitMq.IpAddress,
            Port = RabbitMqBuilder.RabbitMqPort,
        };
        return WithBroker(seen.Uri).DependsOn(rabbitMq);
    }

    /// <summary>How outcomes are written: MassTransit envelopes (the default) or the bare JSON object.</summary>
    public BrickWorkerBuilder WithOutput(BrickWorkerOutput output) => WithSetting("Output", output.ToString());

    /// <summary>A volume the simulated host has at start (declaring any replaces the default two).</summary>
    public BrickWorkerBuilder WithSimulatedVolume(SimulatedVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var key = $"Simulation:Volumes:{Count("Simulation:Volumes", "Type")}";
        return WithSetting($"{key}:Type", volume.Type)
            .WithSetting($"{key}:SizeBytes", volume.SizeBytes.ToString(CultureInfo.InvariantCulture))
            .WithSetting($"{key}:Paths", volume.Paths.ToString(CultureInfo.InvariantCulture))
            .WithSetting($"{key}:Multipath", volume.Multipath ? "true" : "false")
            .WithSetting($"{key}:Luks", volume.Luks ? "true" : "false")
            .WithOptionalSetting($"{key}:Wwid", volume.Wwid);
    }

    /// <summary>A volume the simulated host has at start.</summary>
    public BrickWorkerBuilder WithSimulatedVolume(string type, long sizeBytes, int paths = 2, bool multipath = true, string? wwid = null, bool luks = false) =>
        WithSimulatedVolume(new SimulatedVolume(type, sizeBytes, paths, multipath, wwid, luks));

    /// <summary>A rule of the simulated host, after those already given (first match wins).</summary>
    public BrickWorkerBuilder WithRule(SimulatedRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var key = $"Simulation:Rules:{Count("Simulation:Rules", "Volume")}";
        return WithSetting($"{key}:Volume", rule.Volume)
            .WithOptionalSetting($"{key}:Fail", rule.Fail)
            .WithOptionalSetting($"{key}:Times", rule.Times?.ToString(CultureInfo.InvariantCulture))
            .WithOptionalSetting($"{key}:DelaySeconds", rule.DelaySeconds?.ToString(CultureInfo.InvariantCulture))
            .WithOptionalSetting($"{key}:Request", rule.Request?.ToString(CultureInfo.InvariantCulture))
            .WithOptionalSetting($"{key}:Multipathd", rule.Multipathd);
    }

    /// <summary>A rule: volumes matching <paramref name="volume"/> fail with <paramref name="fail"/> (<see cref="SimulatedFaults"/>), <paramref name="times"/> tries or always.</summary>
    public BrickWorkerBuilder WithRule(string volume, string fail, int? times = null) => WithRule(new SimulatedRule(volume, fail, times));

    /// <summary>Any worker setting by its key (<c>RetryLimit</c>, <c>PathWaitTimeout</c>, …; see the worker's docs/worker-service.md).</summary>
    public BrickWorkerBuilder WithSetting(string key, string value) => WithEnvironment(EnvironmentName(key), value);

    /// <inheritdoc />
    public override BrickWorkerContainer Build()
    {
        Validate();
        return new BrickWorkerContainer(DockerResourceConfiguration);
    }

    /// <inheritdoc />
    protected override BrickWorkerBuilder Init() => base.Init()
        .WithImage(DefaultImage)
        .WithCommand("run", "--simulate")
        .WithSetting("Host", DefaultHost)
        .WithEnvironment("MASSTRANSIT_USAGE_TELEMETRY", "false")
        .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged(ReadyLine));

    /// <inheritdoc />
    protected override void Validate()
    {
        base.Validate();
        _ = Guard.Argument(DockerResourceConfiguration.Setting("Broker"), "Broker")
            .NotNull()
            .NotEmpty();
    }

    /// <inheritdoc />
    protected override BrickWorkerBuilder Clone(IResourceConfiguration<CreateContainerParameters> resourceConfiguration) =>
        Merge(DockerResourceConfiguration, new BrickWorkerConfiguration(resourceConfiguration));

    /// <inheritdoc />
    protected override BrickWorkerBuilder Clone(IContainerConfiguration resourceConfiguration) =>
        Merge(DockerResourceConfiguration, new BrickWorkerConfiguration(resourceConfiguration));

    /// <inheritdoc />
    protected override BrickWorkerBuilder Merge(BrickWorkerConfiguration oldValue, BrickWorkerConfiguration newValue) =>
        new(new BrickWorkerConfiguration(oldValue, newValue));

    private BrickWorkerBuilder WithOptionalSetting(string key, string? value) => value is null ? this : WithSetting(key, value);

    /// <summary>The next free index of a list setting, by the key each item always has.</summary>
    private int Count(string list, string itemKey)
    {
        var n = 0;
        while (DockerResourceConfiguration.Setting($"{list}:{n}:{itemKey}") is not null)
            n++;
        return n;
    }
}
