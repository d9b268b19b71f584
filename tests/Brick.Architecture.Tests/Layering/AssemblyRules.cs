namespace Brick.Architecture.Tests.Layering;

/// <summary>
/// One row per project assembly (docs/architecture.md, "Layers"): what it may reference and what not, the order of its
/// namespaces. A new project is a new row here (and, for a production assembly, a line in <see cref="BrickAssemblies.Names"/>).
/// </summary>
internal static class AssemblyRules
{
    private const string Contracts = "Brick.Contracts";
    private const string Engine = "Brick.Engine";
    private const string Simulation = "Brick.Simulation";
    private const string Service = "Brick.Service";
    private const string Virt = "Brick.Virt";
    private const string Cinder = "Brick.Cinder";
    private const string Tools = "Brick.Tools";
    private const string Executable = "brick-worker";

    /// <summary>The broker's packages: the engine and the simulated host never speak to a broker.</summary>
    private static readonly string[] Messaging = ["MassTransit", "RabbitMQ.Client"];

    /// <summary>
    /// What blockresize may use of the service: the settings and the inbound reader whole (one settings model and one
    /// way to read a body for every command), and of the rest only the consumers' skeleton as a consumer meets it — its
    /// bus and endpoint, its failure recorder's interface and helpers, the delivery count, the host's topology, the
    /// metrics, the outcome sender, the generic host and the readiness checks. Never run's own consumer, outcomes, bus
    /// or engine wiring, logging, telemetry or HTTP (which the skeleton wires for it); the operator's tools (replay,
    /// decommission, <c>check</c>'s diagnosis) are another assembly, which its row does not let it reference.
    /// </summary>
    public static readonly Surface VirtUseOfService = new(
        [$"{Service}.Settings", $"{Service}.Inbound"],
        [
            $"{Service}.Messaging.ConsumerBus",
            $"{Service}.Messaging.ConsumerEndpoint`1",
            $"{Service}.Messaging.Correlation",
            $"{Service}.Messaging.DeliveryCounter",
            $"{Service}.Messaging.DeliveryRecords",
            $"{Service}.Messaging.ExceptionChain",
            $"{Service}.Messaging.HostTopology",
            $"{Service}.Messaging.IFailureRecorder",
            $"{Service}.Messaging.MetricsServices",
            $"{Service}.Messaging.OutcomeNotPublishedException",
            $"{Service}.Messaging.OutcomePublisher`2",
            $"{Service}.Messaging.OutcomeRoutes`2",
            $"{Service}.Messaging.OutcomeRoutesServices",
            $"{Service}.Health.ConsumerChecks",
            $"{Service}.Health.WorkerHealthChecks",
        ]);

    /// <summary>
    /// What the operator's tools (replay, decommission, <c>check</c>) may use of the service they are used on: the
    /// settings and the inbound reader whole (the same <c>Brick:*</c> keys, the same reading of a body), the broker's
    /// connections and their one-line errors, the contract's topology and a host's (<c>HostTopology</c>, whose names
    /// decommission removes), the metrics, the reason an unpublished outcome is moved with, and the two readiness
    /// checks <c>check</c> runs once. Never the consumers, their bus, the generic host, logging, telemetry or HTTP.
    /// </summary>
    public static readonly Surface ToolsUseOfService = new(
        [$"{Service}.Settings", $"{Service}.Inbound"],
        [
            $"{Service}.Messaging.BrokerConnections",
            $"{Service}.Messaging.BrokerErrors",
            $"{Service}.Messaging.ContractTopology",
            $"{Service}.Messaging.ErrorQueueProbe",
            $"{Service}.Messaging.HostTopology",
            $"{Service}.Messaging.MetricsServices",
            $"{Service}.Messaging.OutcomeNotPublishedException",
            $"{Service}.Health.MultipathdCheck",
            $"{Service}.Health.RootsReadableCheck",
        ]);

    public static IReadOnlyList<AssemblyRule> All { get; } =
    [
        new(Contracts)
        {
            MayNotReference = ["CliWrap", "MassTransit", "RabbitMQ.Client", "Microsoft.Extensions"],
        },
        new(Engine)
        {
            MayReference = [Contracts],
            MayNotReference = [.. Messaging, "Microsoft.Extensions.Hosting", "Microsoft.AspNetCore"],
            Layers =
            [
                "Brick.Engine.Core", "Brick.Engine.Kernel", "Brick.Engine.Programs", "Brick.Engine.Multipath", "Brick.Engine.Requests",
                "Brick.Engine.Discovery", "Brick.Engine.Rescan", "Brick.Engine.Resize", "Brick.Engine.Verify", "Brick.Engine.Outcomes",
                "Brick.Engine.Operations", "Brick.Engine.Telemetry",
            ],
        },
        new(Simulation)
        {
            // Its own settings may come to it (they did live in Brick.Service), never a reference to the service.
            MayReference = [Engine, Contracts],
            MayNotReference = [.. Messaging, "Microsoft.AspNetCore", "Serilog", "OpenTelemetry"],
        },
        new(Service)
        {
            MayReference = [Engine, Contracts],
            Layers =
            [
                "Brick.Service.Settings", "Brick.Service.Inbound", "Brick.Service.Messaging", "Brick.Service.Health",
                "Brick.Service.Logging", "Brick.Service.Observability", "Brick.Service.Residency", "Brick.Service.Http", "Brick.Service.Composition",
            ],
        },
        new(Virt)
        {
            MayReference = [Service, Engine, Contracts],
            Layers = ["Brick.Virt.Settings", "Brick.Virt.Guests", "Brick.Virt.Qmp", "Brick.Virt.Libvirt", "Brick.Virt.Resizing", "Brick.Virt.Messaging", "Brick.Virt.Composition"],
            Apart = [("Brick.Virt.Qmp", "Brick.Virt.Libvirt")],
            Surfaces = new Dictionary<string, Surface> { [Service] = VirtUseOfService },
        },
        new(Cinder)
        {
            MayReference = [Service, Engine, Contracts],
            Layers = ["Brick.Cinder.Settings", "Brick.Cinder.Notifications", "Brick.Cinder.Bridging", "Brick.Cinder.Messaging", "Brick.Cinder.Composition"],
        },
        new(Tools)
        {
            // The operator's tools, used on the service: only the executable references them (no other row lists them).
            MayReference = [Service, Engine, Contracts],
            Layers = ["Brick.Tools.Replay", "Brick.Tools.Decommission", "Brick.Tools.Diagnosis"],
            Surfaces = new Dictionary<string, Surface> { [Service] = ToolsUseOfService },
        },
        new(Executable)
        {
            MayReference = [Tools, Cinder, Virt, Service, Simulation, Engine, Contracts],
            MustReference = [Simulation],
        },
        new("Brick.Worker.Testcontainers")
        {
            // A package of its own for control planes' tests: it runs brick-worker's image and talks to it, shipping none of it.
            MayReference = [],
        },
        new("Brick.Testing", Helper: true)
        {
            // Starts brick-worker as a process, never loads it.
            MayReference = [],
        },
        new("Brick.Simulation.StandIns", Helper: true)
        {
            // Its project's RootNamespace is Brick.Simulation: the stand-ins live beside the host they stand in for.
            Root = Simulation,
            MayReference = [Simulation, Engine, Contracts],
        },
    ];

    /// <summary>The row of <paramref name="assembly"/>.</summary>
    public static AssemblyRule Of(string assembly) => All.Single(r => r.Assembly == assembly);
}
