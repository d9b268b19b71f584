using System.Text.RegularExpressions;
using Brick.Contracts;
using Brick.Simulation.Multipathd;

namespace Brick.Simulation.Scripting;

/// <summary>
/// A rule of the simulated host: for the requests it matches, the host plays a fault (the engine then meets it as it
/// would on a real host) and/or answers slowly.
/// </summary>
/// <param name="Volume">The volume id it matches, <c>*</c> standing for any run of characters (<c>vol-bad-*</c>); <c>*</c>: every volume.</param>
/// <param name="Request">When set, it matches only the host's n-th try (1 for the first; every try counts, retries included).</param>
/// <param name="Fail">
/// The fault, named by the failure reason the engine then reports: <c>DeviceNotFound</c> (a path or the device is
/// missing), <c>WwidMismatch</c> (a path reports another WWID), <c>RescanTimeout</c> (the array does not grow and the
/// kernel never sees a new size), <c>MultipathResizeFailed</c> (multipathd answers <paramref name="Multipathd"/>),
/// <c>Unsupported</c> (a LUKS mapping whose key the worker does not have); null: no fault.
/// </param>
/// <param name="Multipathd">What multipathd answers for <c>MultipathResizeFailed</c>: <see cref="MultipathdReply.Fail"/> or <see cref="MultipathdReply.Timeout"/>.</param>
/// <param name="Times">How many tries the rule applies to before the host behaves; null: always.</param>
/// <param name="Delay">Latency on the volume's rescans and programs while the rule applies.</param>
internal sealed record SimulationRule(
    string Volume = "*",
    int? Request = null,
    ResizeFailureReason? Fail = null,
    MultipathdReply Multipathd = MultipathdReply.Fail,
    int? Times = null,
    TimeSpan Delay = default)
{
    /// <summary>The failure reasons the simulated host can play.</summary>
    public static IReadOnlyList<ResizeFailureReason> Playable { get; } =
    [
        ResizeFailureReason.DeviceNotFound, ResizeFailureReason.WwidMismatch, ResizeFailureReason.RescanTimeout,
        ResizeFailureReason.MultipathResizeFailed, ResizeFailureReason.Unsupported,
    ];

    /// <summary>Whether the rule matches <paramref name="volumeId"/> on the host's try number <paramref name="attempt"/> (1-based).</summary>
    public bool Matches(string volumeId, int attempt) =>
        (Request is null || Request == attempt) && Pattern(Volume).IsMatch(volumeId);

    /// <summary>Why the rule cannot be played, or null.</summary>
    public string? Problem() =>
        string.IsNullOrEmpty(Volume) ? "names no volume (use * for every volume)"
        : Fail is { } fail && !Playable.Contains(fail) ? $"fails with {fail}, which the simulated host cannot play (it plays {string.Join(", ", Playable)})"
        : Multipathd is not (MultipathdReply.Fail or MultipathdReply.Timeout) ? "has multipathd answer something other than fail or timeout"
        : Times is < 0 ? "applies a negative number of times"
        : Request is < 1 ? "matches a request number below 1"
        : Delay < TimeSpan.Zero ? "has a negative delay"
        : null;

    private static Regex Pattern(string glob) =>
        new("^" + string.Join(".*", glob.Split('*').Select(Regex.Escape)) + @"\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
