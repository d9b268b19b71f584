using System.CommandLine;
using System.Globalization;
using Brick.Cinder.Settings;
using Brick.Service.Settings;
using Brick.Virt.Settings;

namespace Brick.Worker.Cli;

/// <summary>
/// The command-line options that set settings: each one given overrides its <c>Brick</c> key (an option left out
/// does not), and the settings are then read and checked as every command reads them. Defaults live in
/// the concerns' settings only; the options take text and leave converting it to the settings' check, which
/// names a bad value with the option the user typed.
/// </summary>
internal sealed class SettingOptions
{
    private const string Timeout = "--timeout";

    private const string HypervisorTimeout = "--hypervisor-timeout";

    private static readonly EngineSettings Engine = new();

    private static readonly BrokerSettings Broker = new();

    private static readonly EndpointSettings Endpoint = new();

    private static readonly HostSettings Host = new();

    private static readonly HypervisorSettings Hypervisor = new();

    private static readonly NotificationsSettings Notifications = new();

    private readonly List<(Option Option, string Setting)> _options = [];

    private SettingOptions()
    {
    }

    /// <summary>The options of the engine's settings, for every command that works on this host.</summary>
    public static SettingOptions ForEngine()
    {
        var options = new SettingOptions();
        options.Text("--host", nameof(HostSettings.Host), "This host's name: requests for another host are Misrouted. Default: the machine's name.");
        options.Text("--sys-root", nameof(EngineSettings.SysRoot), $"The directory that stands for /sys. Default: {Engine.SysRoot}.");
        options.Text("--dev-root", nameof(EngineSettings.DevRoot), $"The directory that stands for /dev. Default: {Engine.DevRoot}.");
        options.Text("--multipathd", nameof(EngineSettings.Multipathd), $"The multipathd program. Default: {Engine.Multipathd}.");
        options.Text("--cryptsetup", nameof(EngineSettings.Cryptsetup), $"The cryptsetup program. Default: {Engine.Cryptsetup}.");
        options.Text("--losetup", nameof(EngineSettings.Losetup), $"The losetup program. Default: {Engine.Losetup}.");
        options.Text("--crypt-key-dir", nameof(EngineSettings.CryptKeyDirectory), "A directory of key files NAME.key for dm-crypt mappings.");
        options.Text(Timeout, nameof(EngineSettings.OperationTimeout),
            $"The limit on one whole operation, in seconds. Default: {Engine.OperationTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}.");
        return options;
    }

    /// <summary>The engine's options and those of the service (<c>run</c>).</summary>
    public static SettingOptions ForService()
    {
        var options = ForEngine();
        options.Text("--broker", nameof(BrokerSettings.Broker), $"The broker URI, amqp:// or amqps:// (user:password@node:port/vhost). Default: {Broker.Broker}.");
        options.Text("--broker-password-file", nameof(BrokerSettings.BrokerPasswordFile),
            "A file holding the broker password, which overrides the URI's (default: $CREDENTIALS_DIRECTORY/broker-password where systemd gives it).");
        options.Text("--broker-ca-file", nameof(BrokerSettings.BrokerCaFile),
            "A PEM file of the CAs that sign the broker's certificate (amqps://), instead of the system's trust store.");
        options.Text("--queue-type", nameof(EndpointSettings.QueueType), $"{Names<QueueKind>()}: the type of the worker queue when it is created. Default: {Endpoint.QueueType}.");
        options.Text("--error-queue-type", nameof(EndpointSettings.ErrorQueueType),
            $"{Names<QueueKind>()}: the type of the error queue when it is created. Default: {Endpoint.ErrorQueueType}.");
        options.Text("--output", nameof(EndpointSettings.Output), $"{Names<OutputFormat>()}: MassTransit envelopes or bare JSON outcomes. Default: {Endpoint.Output}.");
        options.Text("--log-format", nameof(HostSettings.LogFormat), $"{Names<LogFormat>()} console logs. Default: {Host.LogFormat}.");
        options.Text("--max-concurrency", nameof(EndpointSettings.MaxConcurrency), $"How many volumes are worked on at once. Default: {Endpoint.MaxConcurrency}.");
        options.Add(new Option<bool>("--simulate") { Description = "Work on a simulated host (a tree in a temp folder) instead of this machine's devices." },
            nameof(EngineSettings.Simulate));
        options.Text("--http", nameof(HttpSettings.Http),
            "ADDRESS:PORT (127.0.0.1:9464, 0.0.0.0:9464, [::1]:9464) to serve GET /metrics, /healthz and /readyz on. Default: none, nothing listens.");
        return options;
    }

    /// <summary>
    /// The options of <c>run</c> that <c>replay</c> takes: all but <c>--output</c> (the outcomes' format; replay's own
    /// <c>--output</c> is its listing's), <c>--simulate</c> (a replay does no work on a host), <c>--http</c> (a
    /// replay is a short run that serves nothing) and <c>--error-queue-type</c> (a replay creates no error queue).
    /// </summary>
    public static SettingOptions ForReplay()
    {
        var options = ForService();
        options._options.RemoveAll(o => o.Option.Name is "--output" or "--simulate" or "--http" or "--error-queue-type");
        return options;
    }

    /// <summary>
    /// The options of <c>decommission</c>: the host it removes and the broker it removes it from (no host roots or
    /// programs, no queue types: it creates nothing).
    /// </summary>
    public static SettingOptions ForDecommission()
    {
        var options = ForService();
        options._options.RemoveAll(o => o.Option.Name is not ("--host" or "--broker" or "--broker-password-file" or "--broker-ca-file" or "--log-format"));
        return options;
    }

    /// <summary>
    /// The options of <c>run</c> that <c>check</c> takes: those of <see cref="ForReplay"/> (its own <c>--output</c> is its
    /// report's format) and <c>--error-queue-type</c> (an error queue that is there is checked against it).
    /// </summary>
    public static SettingOptions ForCheck()
    {
        var options = ForService();
        options._options.RemoveAll(o => o.Option.Name is "--output" or "--simulate" or "--http");
        return options;
    }

    /// <summary>
    /// The options of <c>run</c> that blockresize uses (not the host's programs, <c>--crypt-key-dir</c> or <c>--timeout</c>,
    /// which only the engine reads) and those of its hypervisor backends.
    /// </summary>
    public static SettingOptions ForBlockresize()
    {
        var options = ForService();
        options._options.RemoveAll(o => o.Option.Name is "--multipathd" or "--cryptsetup" or "--losetup" or "--crypt-key-dir" or Timeout);
        options.Text("--qmp-dir", nameof(HypervisorSettings.QmpDirectory), "A directory of QEMU monitor sockets (*.qmp, *.sock), one per guest: the QMP backend.");
        options.Text("--libvirt", nameof(HypervisorSettings.Libvirt), "A libvirt URI for virsh -c (e.g. qemu:///system): the libvirt backend.");
        options.Text("--virsh", nameof(HypervisorSettings.Virsh), $"The virsh program. Default: {Hypervisor.Virsh}.");
        options.Text(HypervisorTimeout, nameof(HypervisorSettings.HypervisorTimeout),
            $"The limit on one conversation with the hypervisor, in seconds. Default: {Hypervisor.HypervisorTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}.");
        return options;
    }

    /// <summary>
    /// The options of <c>run</c> that concern the broker and the service (not the host's roots and programs, not
    /// <c>--simulate</c>), and those of <c>cinder-bridge</c>'s source of notifications.
    /// </summary>
    public static SettingOptions ForCinderBridge()
    {
        var options = ForService();
        options._options.RemoveAll(o => o.Option.Name is "--simulate" or "--sys-root" or "--dev-root" or "--multipathd" or "--cryptsetup"
            or "--losetup" or "--crypt-key-dir" or Timeout);
        options.Text("--notifications-broker", nameof(NotificationsSettings.NotificationsBroker),
            "The broker Cinder notifies on, amqp:// or amqps:// (Cinder's transport_url with amqp:// for rabbit://). Default: --broker.");
        options.Text("--notifications-broker-password-file", nameof(NotificationsSettings.NotificationsBrokerPasswordFile),
            "A file holding the password of --notifications-broker, which overrides its URI's.");
        options.Text("--exchange", nameof(NotificationsSettings.NotificationsExchange), $"Cinder's control_exchange. Default: {Notifications.NotificationsExchange}.");
        options.Text("--topic", nameof(NotificationsSettings.NotificationsTopic), $"The routing key of Cinder's notifications. Default: {Notifications.NotificationsTopic}.");
        options.Text("--queue", nameof(NotificationsSettings.NotificationsQueue), $"The bridge's own durable queue. Default: {Notifications.NotificationsQueue}.");
        options.Add(new Option<bool>("--include-instance-attachments") { Description = "Also bridge attachments of Nova instances (Nova extends those itself)." },
            nameof(NotificationsSettings.IncludeInstanceAttachments));
        return options;
    }

    /// <summary>Each option and the setting it sets.</summary>
    public IReadOnlyList<(Option Option, string Setting)> Options => _options;

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var (option, _) in _options)
            command.Options.Add(option);
    }

    /// <summary>The settings the options given set (keys such as <c>Brick:Host</c>), and what is wrong with an option itself.</summary>
    public GivenSettings Read(ParseResult result)
    {
        var overrides = new Dictionary<string, string?>();
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (option, setting) in _options)
        {
            if (result.GetResult(option) is not { Implicit: false } value)
                continue;
            var text = value.GetValueOrDefault<object?>() switch
            {
                bool flag => flag ? "true" : "false",
                var other => other?.ToString(),
            };
            if (option.Name is Timeout or HypervisorTimeout && text is not null)
            {
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds)
                    || Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds)
                {
                    problems.Add($"{option.Name} '{text}' is not a number of seconds.");
                    continue;
                }

                text = TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture);
            }

            overrides[$"{SettingsSection.Name}:{setting}"] = text;
            given[$"{SettingsSection.Name}:{setting}"] = option.Name;
        }

        return new GivenSettings(overrides, problems, given);
    }

    private static string Names<T>()
        where T : struct, Enum => string.Join(" or ", Enum.GetNames<T>());

    private void Text(string name, string setting, string description) => Add(new Option<string>(name) { Description = description }, setting);

    private void Add(Option option, string setting)
    {
        option.Description += $" (Setting {SettingsSection.Name}:{setting}.)";
        _options.Add((option, setting));
    }
}
