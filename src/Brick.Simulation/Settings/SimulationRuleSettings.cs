using Brick.Contracts;

namespace Brick.Simulation.Settings;

/// <summary>A rule of the simulated host (<c>Brick:Simulation:Rules:&lt;n&gt;</c>).</summary>
internal sealed class SimulationRuleSettings
{
    /// <summary>The volume ids it matches, <c>*</c> as wildcard.</summary>
    public string Volume { get; set; } = "*";

    /// <summary>When set, it matches only the host's n-th try (1-based; retries count).</summary>
    public int? Request { get; set; }

    /// <summary>The fault, by the failure reason the worker then reports; none: no fault (a delay only).</summary>
    public ResizeFailureReason? Fail { get; set; }

    /// <summary>For <c>MultipathResizeFailed</c>: what multipathd answers, <c>fail</c> or <c>timeout</c>.</summary>
    public string Multipathd { get; set; } = "fail";

    /// <summary>How many tries it applies to before the host behaves; none: always.</summary>
    public int? Times { get; set; }

    /// <summary>Latency on the volume's rescans and programs while it applies, in seconds.</summary>
    public double DelaySeconds { get; set; }
}
