using System.ComponentModel.DataAnnotations;

namespace Brick.Worker.Service;

/// <summary>
/// The service's settings, bound from the <c>Brick</c> section: <c>appsettings.json</c>, then environment variables
/// (<c>Brick__Host</c>, <c>Brick__Broker</c>, …), then the command line. Checked at start by <see cref="WorkerOptionsValidator"/>.
/// </summary>
public sealed class WorkerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Brick";

    /// <summary>This host's name: requests must name it, and it names the queue. Defaults to the machine's name.</summary>
    public string Host { get; set; } = Environment.MachineName;

    /// <summary>The broker, <c>amqp://user:password@node:5672/vhost</c> or <c>amqps://…</c> for TLS.</summary>
    public string Broker { get; set; } = "amqp://localhost:5672/";

    /// <summary>More nodes of the same RabbitMQ cluster (<c>host</c> or <c>host:port</c>), tried in turn with the broker's node.</summary>
    public IList<string> BrokerNodes { get; set; } = [];

    /// <summary>The type of the worker queue (and its error queue), decided when the queue is first created.</summary>
    public QueueKind QueueType { get; set; } = QueueKind.Quorum;

    /// <summary>How outcomes are written: MassTransit envelopes (default) or the bare JSON object.</summary>
    public OutputFormat Output { get; set; } = OutputFormat.Envelope;

    /// <summary>How many messages (of different volumes) are worked on at once.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How many more times a transient failure is tried before the message goes to the error queue.</summary>
    [Range(0, 20)]
    public int RetryLimit { get; set; } = 5;

    /// <summary>The pause before the first retry; it doubles up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest pause between two tries.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>On SIGTERM, how long work in flight may go on before it is cut short (and its message redelivered later).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Console log format: <c>Human</c> lines or compact JSON.</summary>
    public LogFormat LogFormat { get; set; } = LogFormat.Human;

    /// <summary>Work against a simulated host instead of this machine's devices.</summary>
    public bool Simulate { get; set; }

    /// <summary>The directory that stands for <c>/sys</c>.</summary>
    public string SysRoot { get; set; } = "/sys";

    /// <summary>The directory that stands for <c>/dev</c>.</summary>
    public string DevRoot { get; set; } = "/dev";

    /// <summary>The <c>multipathd</c> program.</summary>
    public string Multipathd { get; set; } = "/usr/sbin/multipathd";

    /// <summary>The <c>cryptsetup</c> program.</summary>
    public string Cryptsetup { get; set; } = "/usr/sbin/cryptsetup";

    /// <summary>The <c>losetup</c> program.</summary>
    public string Losetup { get; set; } = "/usr/sbin/losetup";

    /// <summary>A directory of key files <c>NAME.key</c> for dm-crypt mappings, or null where the worker holds no keys.</summary>
    public string? CryptKeyDirectory { get; set; }

    /// <summary>The limit on one operation on the host.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How long the paths may take to reach the requested size within one try.</summary>
    public TimeSpan PathWaitTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>The RabbitMQ queue type of the worker queue.</summary>
public enum QueueKind
{
    /// <summary>A replicated quorum queue (the default).</summary>
    Quorum,

    /// <summary>A classic durable queue (single-node brokers, old RabbitMQ).</summary>
    Classic,
}

/// <summary>How outcome messages are written.</summary>
public enum OutputFormat
{
    /// <summary>A MassTransit envelope whose <c>message</c> is the outcome (content type <c>application/vnd.masstransit+json</c>).</summary>
    Envelope,

    /// <summary>The outcome object itself (content type <c>application/json</c>).</summary>
    Raw,
}

/// <summary>The console log format.</summary>
public enum LogFormat
{
    /// <summary>One readable line per event.</summary>
    Human,

    /// <summary>Serilog's compact JSON, one object per line.</summary>
    Json,
}
