using Brick.Engine.Core;
using Brick.Engine.Kernel;
using Brick.Engine.Programs;

namespace Brick.Service.Settings;

/// <summary>
/// Every setting of <c>brick-worker</c>, for every command: the <c>Brick</c> section of the configuration
/// (<c>appsettings.json</c>, then <c>Brick__*</c> environment variables, then the command line). Each default is
/// written once: here, or in the engine's <see cref="EngineOptions"/>, <see cref="ProgramPaths"/> and
/// <see cref="KernelRoots"/> for the engine's own settings. Checked by <see cref="WorkerSettingsValidator"/>;
/// docs/worker-service.md has a row for each (a test holds it to that).
/// </summary>
public sealed class WorkerSettings
{
    /// <summary>The configuration section (<see cref="SettingsSection.Name"/>).</summary>
    public const string Section = SettingsSection.Name;

    private static readonly EngineOptions EngineDefaults = new();
    private static readonly ProgramPaths ProgramDefaults = new();

    private (string Uri, IReadOnlyList<string> Nodes, string? PasswordFile, string? TlsFiles, BrokerAddress? Address, string? Error)? _broker;

    /// <summary>This compute host's name: requests must name it, and it names the queue. Defaults to the machine's name.</summary>
    public string Host { get; set; } = Environment.MachineName;

    /// <summary>The broker, <c>amqp://user:password@node:5672/vhost</c> or <c>amqps://…</c> for TLS.</summary>
    public string Broker { get; set; } = "amqp://localhost:5672/";

    /// <summary>
    /// A file holding the broker password (one trailing newline dropped), which overrides the URI's. Unset: systemd's
    /// credential <c>$CREDENTIALS_DIRECTORY/broker-password</c> where it exists, else the URI's password.
    /// </summary>
    public string? BrokerPasswordFile { get; set; }

    /// <summary>More nodes of the same RabbitMQ cluster (<c>node</c> or <c>node:port</c>), tried in turn after the broker's node.</summary>
    public IReadOnlyList<string> BrokerNodes { get; set; } = [];

    /// <summary>The type of the worker queue, decided when the queue is first created.</summary>
    public QueueKind QueueType { get; set; } = QueueKind.Quorum;

    /// <summary>
    /// The type of the error queue, decided when it is first created. Classic by default: one replicated queue per
    /// consumer and host (the work queue), an error queue on one node's disk (docs/reliability.md says what that gives up).
    /// </summary>
    public QueueKind ErrorQueueType { get; set; } = QueueKind.Classic;

    /// <summary>How outcomes are written: MassTransit envelopes (default) or the bare JSON object.</summary>
    public OutputFormat Output { get; set; } = OutputFormat.Envelope;

    /// <summary>How many messages (of different volumes) are worked on at once; also the engine's bound on operations.</summary>
    public int MaxConcurrency { get; set; } = EngineDefaults.MaxConcurrentOperations;

    /// <summary>
    /// How many more times a transient failure is tried before the message goes to the error queue. Every try holds the
    /// same delivery: <see cref="DeliveryBudget"/> keeps the whole under <see cref="BrokerConsumerTimeout"/>.
    /// </summary>
    public int RetryLimit { get; set; } = 3;

    /// <summary>The pause before the first retry; it doubles up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest pause between two tries.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>On SIGTERM, how long work in flight may go on before it is cut short (and its message redelivered later).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Console log format: <c>Human</c> lines or compact JSON.</summary>
    public LogFormat LogFormat { get; set; } = LogFormat.Human;

    /// <summary>
    /// Whether <c>brick-worker run</c> works on a simulated host instead of this machine's devices (for control planes'
    /// own tests). The service's composition never reads it: the executable plugs the simulated host in.
    /// </summary>
    public bool Simulate { get; set; }

    /// <summary>The directory that stands for <c>/sys</c>.</summary>
    public string SysRoot { get; set; } = KernelRoots.Real.SysRoot;

    /// <summary>The directory that stands for <c>/dev</c>.</summary>
    public string DevRoot { get; set; } = KernelRoots.Real.DevRoot;

    /// <summary>The <c>multipathd</c> program.</summary>
    public string Multipathd { get; set; } = ProgramDefaults.Multipathd;

    /// <summary>The <c>cryptsetup</c> program.</summary>
    public string Cryptsetup { get; set; } = ProgramDefaults.Cryptsetup;

    /// <summary>The <c>losetup</c> program.</summary>
    public string Losetup { get; set; } = ProgramDefaults.Losetup;

    /// <summary>A directory of key files <c>NAME.key</c> for dm-crypt mappings, or null where the worker holds no keys.</summary>
    public string? CryptKeyDirectory { get; set; } = EngineDefaults.CryptKeyDirectory;

    /// <summary>The limit on one whole operation on the host.</summary>
    public TimeSpan OperationTimeout { get; set; } = EngineDefaults.OperationTimeout;

    /// <summary>How long the paths may take to reach the requested size within one try.</summary>
    public TimeSpan PathWaitTimeout { get; set; } = EngineDefaults.PathWaitTimeout;

    /// <summary>
    /// A PEM file of the CA certificates that sign the broker's certificate (a private CA), for <c>amqps://</c>: the
    /// broker's chain must end in one of them. Unset: the system's trust store. Either way the chain and each node's
    /// name are checked.
    /// </summary>
    public string? BrokerCaFile { get; set; }

    /// <summary>A PEM client certificate to present to the broker (with <see cref="BrokerClientKeyFile"/>), for brokers that ask for one.</summary>
    public string? BrokerClientCertificateFile { get; set; }

    /// <summary>The PEM private key of <see cref="BrokerClientCertificateFile"/> (PKCS#8, encrypted when <see cref="BrokerClientKeyPasswordFile"/> is set).</summary>
    public string? BrokerClientKeyFile { get; set; }

    /// <summary>A file holding the password of an encrypted <see cref="BrokerClientKeyFile"/> (one trailing newline dropped).</summary>
    public string? BrokerClientKeyPasswordFile { get; set; }

    /// <summary>
    /// Glob patterns of the <c>/dev</c> paths a <c>local</c> request may name (<c>*</c> and <c>?</c>, neither matching
    /// <c>/</c>): its <c>device_path</c> or the device it leads to must match one, else the request is <c>InvalidRequest</c>.
    /// </summary>
    public IReadOnlyList<string> LocalDevicePatterns { get; set; } = EngineDefaults.LocalDevicePatterns;

    /// <summary>Whether every iSCSI and Fibre Channel request must name its WWID (else <c>InvalidRequest</c>, nothing run).</summary>
    public bool RequireWwid { get; set; } = EngineDefaults.RequireWwid;

    /// <summary>
    /// How many messages are taken from the queue and worked on at once. Waiting ones hold no operation slot
    /// (<see cref="MaxConcurrency"/> bounds operations); the events of one volume among them are answered by one operation.
    /// </summary>
    public int PrefetchCount { get; set; } = 64;

    /// <summary>The directory of the host lock files that <c>run</c> and <c>extend</c> share; unset: the engine's default.</summary>
    public string? LockDirectory { get; set; } = EngineDefaults.LockDirectory;

    /// <summary>
    /// The socket multipathd is asked on: a path, <c>@name</c> for an abstract name, <c>off</c> for the program always;
    /// unset: the engine's default (multipathd's own abstract socket on the real <c>/dev</c>).
    /// </summary>
    public string? MultipathdSocket { get; set; } = EngineDefaults.MultipathdSocket;

    /// <summary>The largest message body read, in bytes, checked before parsing: a larger one is <c>InvalidRequest</c>.</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The largest message body the broker connection takes into memory at all (RabbitMQ.Client's
    /// <c>MaxInboundMessageBodySize</c>, refused from the body's announced size, before it is read); at least
    /// <see cref="MaxMessageBytes"/>. With <see cref="PrefetchCount"/> it bounds what messages in hand can cost. A larger
    /// body is moved to the error queue unread (<c>InvalidRequest</c>), its first bytes kept.
    /// </summary>
    public int MaxReceivedBytes { get; set; } = 2 << 20;

    /// <summary>
    /// How many times one message may be delivered without an outcome (the worker crashing on it, its failure not
    /// publishable) before it goes to the error queue with its reason; kept below RabbitMQ 4's default delivery limit
    /// of quorum queues (20), so that the broker never drops a message itself.
    /// </summary>
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>
    /// How long the broker has to take and confirm one outcome; past it the publish has failed (retried, then the
    /// message goes to the error queue). MassTransit itself keeps trying a publish the broker refuses until it is cancelled.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The AMQP heartbeat asked of the broker (whole seconds): a broker that sends nothing for about twice this long
    /// (frozen, or cut off without the connection closing) counts as gone, and the worker connects again.
    /// </summary>
    public TimeSpan BrokerHeartbeat { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The broker's <c>consumer_timeout</c> (RabbitMQ's default: 30 minutes): a delivery held longer unacknowledged makes
    /// the broker close the channel and redeliver every message on it. The settings are refused where one delivery could
    /// be held that long (<see cref="DeliveryBudget"/>); set this to the broker's value where it differs.
    /// </summary>
    public TimeSpan BrokerConsumerTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The engine's roots.</summary>
    internal KernelRoots Roots() => new(SysRoot, DevRoot);

    /// <summary>The programs the engine runs.</summary>
    internal ProgramPaths Programs() => new(Multipathd, Cryptsetup, Losetup);

    /// <summary>The engine's bounds: these settings over the engine's own defaults.</summary>
    internal EngineOptions Engine() => EngineDefaults with
    {
        OperationTimeout = OperationTimeout,
        PathWaitTimeout = PathWaitTimeout,
        MaxConcurrentOperations = MaxConcurrency,
        CryptKeyDirectory = string.IsNullOrEmpty(CryptKeyDirectory) ? null : CryptKeyDirectory,
        LocalDevicePatterns = LocalDevicePatterns,
        RequireWwid = RequireWwid,
        LockDirectory = string.IsNullOrEmpty(LockDirectory) ? null : LockDirectory,
        MultipathdSocket = string.IsNullOrEmpty(MultipathdSocket) ? null : MultipathdSocket,
    };

    /// <summary>
    /// <see cref="Broker"/> and <see cref="BrokerNodes"/> parsed, with the password of <see cref="BrokerPassword"/>, once
    /// for these values, or null with what is wrong in <paramref name="error"/> (never quoting a password).
    /// </summary>
    internal BrokerAddress? BrokerAddress(out string? error)
    {
        var passwordFile = BrokerPassword.File(BrokerPasswordFile);
        var tlsFiles = string.Join('\0', BrokerCaFile, BrokerClientCertificateFile, BrokerClientKeyFile, BrokerClientKeyPasswordFile);
        if (_broker is not { } parsed || !ReferenceEquals(parsed.Uri, Broker) || !ReferenceEquals(parsed.Nodes, BrokerNodes)
            || parsed.PasswordFile != passwordFile || parsed.TlsFiles != tlsFiles)
        {
            var address = Settings.BrokerAddress.TryParse(Broker, BrokerNodes, out var why);
            if (address is not null && passwordFile is not null)
                address = BrokerPassword.Read(passwordFile, out why) is { } password ? address with { Password = password } : null;
            // Remembered before the TLS files are read: masked even where they fail and no address is kept.
            Secrets.Remember(address?.Password);
            if (address is not null)
            {
                address = BrokerTls.Load(BrokerCaFile, BrokerClientCertificateFile, BrokerClientKeyFile, BrokerClientKeyPasswordFile, out why) is { } tls
                    ? address with { Tls = tls }
                    : null;
            }

            _broker = parsed = (Broker, BrokerNodes, passwordFile, tlsFiles, address, why);
        }

        error = parsed.Error;
        return parsed.Address;
    }
}
