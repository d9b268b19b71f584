namespace Brick.Worker.Testcontainers;

/// <summary>A rule of the simulated host (<c>Brick:Simulation:Rules:&lt;n&gt;:…</c>): first match wins.</summary>
/// <param name="Volume">The volume ids it matches, <c>*</c> as wildcard (<c>vol-bad-*</c>).</param>
/// <param name="Fail">A fault of <see cref="SimulatedFaults"/>, or null for a delay only.</param>
/// <param name="Times">How many tries fail before the host behaves; null: always.</param>
/// <param name="DelaySeconds">Latency on the volume's rescans and programs while the rule applies.</param>
/// <param name="Request">Match only the host's n-th try (1-based; retries count).</param>
/// <param name="Multipathd">For <see cref="SimulatedFaults.MultipathResizeFailed"/>: <c>fail</c> (default) or <c>timeout</c>.</param>
public sealed record SimulatedRule(
    string Volume = "*", string? Fail = null, int? Times = null, double? DelaySeconds = null, int? Request = null, string? Multipathd = null);
