namespace Brick.Service.Settings;

/// <summary>
/// What every command reads first: the compute host it stands for (requests must name it; it names the queues) and
/// the format of its console log. Bound from the <c>Brick</c> section; checked by <see cref="HostSettingsValidator"/>.
/// </summary>
public sealed class HostSettings
{
    /// <summary>This compute host's name: requests must name it, and it names the queue. Defaults to the machine's name.</summary>
    public string Host { get; set; } = Environment.MachineName;

    /// <summary>Console log format: <c>Human</c> lines or compact JSON.</summary>
    public LogFormat LogFormat { get; set; } = LogFormat.Human;
}
