using System.Globalization;

namespace Brick.RealKernel.Tests;

/// <summary>A system's turn judged: right or not and why, what it answered, the layers after it, its time and trace.</summary>
internal sealed record PeerVerdict(string System, bool Right, string Why, string Answer, string Layers, long Milliseconds, double? CallMilliseconds, PeerTrace Trace);

/// <summary>Both systems' verdicts on one peer scenario; the CI gate is <see cref="WorkerWrongWhereOsBrickRight"/>.</summary>
internal sealed record PeerComparison(PeerScenario Scenario, PeerVerdict? OsBrick, PeerVerdict? Worker)
{
    /// <summary>The one thing CI fails on: os-brick was right and the worker was not (or did not take its turn).</summary>
    public bool WorkerWrongWhereOsBrickRight => OsBrick is { Right: true } && Worker is not { Right: true };
}

/// <summary>
/// Judges the turns of a peer scenario (<see cref="PeerScenario"/>). A call is right when it answered a size equal to
/// the array's (less what lies below the top layer, e.g. the LUKS header) and every judged layer of its volume shows
/// that size afterwards; or when it failed (any named error) where the scenario says a failure is right. A turn is
/// right when each of its calls is. Times never decide anything.
/// </summary>
internal static class PeerJudge
{
    public static PeerComparison Compare(PeerScenario scenario, PeerRecord record) =>
        new(scenario, Judge(scenario, record, PeerRecord.OsBrick), Judge(scenario, record, PeerRecord.Worker));

    public static PeerVerdict? Judge(PeerScenario scenario, PeerRecord record, string system)
    {
        if (record.Turn(system) is not { } turn)
            return null;
        var wrong = new List<string>();
        var answers = new List<string>();
        var layers = new List<string>();
        foreach (var call in turn.Calls)
        {
            var answer = PeerAnswer.Of(system, call);
            var several = turn.Calls.Count > 1;
            var label = several ? call.Volume + ": " : "";
            answers.Add(label + answer.Describe());
            var array = call.ArrayBytes;
            var top = scenario.Top is null ? array : array - ((record.TopOffsetSectors ?? 0) * Size.Sector);
            var roles = Roles(turn.After, call.Volume, several).ToList();
            var judged = roles.Where(r => scenario.Layers.Count == 0 || scenario.Layers.Contains(r.Layer)).ToList();
            layers.Add(label + string.Join(", ", roles.Select(r => $"{r.Layer} {Show(r.State)}")) + $" (array {PeerSizes.Show(array)})");
            if (answer.Ok)
            {
                if (answer.Size != top)
                    wrong.Add($"{label}answered {(answer.Size is { } s ? PeerSizes.Show(s) : "no size")}, the volume is {PeerSizes.Show(top)}");
                foreach (var (layer, state) in judged)
                {
                    var want = layer == scenario.Top ? top : array;
                    if (state.Sectors * Size.Sector != want)
                        wrong.Add($"{label}{layer} shows {Show(state)}, not {PeerSizes.Show(want)}");
                }
            }
            else if (scenario.FailureRight is null)
            {
                wrong.Add($"{label}failed where the array's size could be had");
            }
        }

        var right = wrong.Count == 0;
        var why = right
            ? turn.Calls.All(c => PeerAnswer.Of(system, c).Ok) ? "the array's size, on every layer" : $"a failure is right: {scenario.FailureRight}"
            : string.Join("; ", wrong);
        var calls = turn.Calls.Select(c => PeerAnswer.Of(system, c).CallMilliseconds).ToList();
        return new PeerVerdict(
            system,
            right,
            why,
            string.Join("; ", answers),
            string.Join("; ", layers),
            turn.Milliseconds,
            calls.All(c => c is not null) && calls.Count > 0 ? calls.Max() : null,
            PeerTrace.Combine(turn.Calls.Select(c => PeerTrace.Parse(c.Trace))));
    }

    /// <summary>The roles of a call's volume: those named <c>VOLUME.ROLE</c> in a turn of several volumes, else all.</summary>
    private static IEnumerable<(string Layer, DeviceState State)> Roles(IReadOnlyDictionary<string, DeviceState> after, string volume, bool several) =>
        several
            ? after.Where(kv => kv.Key.StartsWith(volume + ".", StringComparison.Ordinal)).Select(kv => (kv.Key[(volume.Length + 1)..], kv.Value))
            : after.Select(kv => (kv.Key, kv.Value));

    private static string Show(DeviceState state) =>
        state.Device is null ? "absent" : state.Sectors is { } s ? PeerSizes.Show(s * Size.Sector) : "?";

    internal static string Seconds(double ms) => (ms / 1000.0).ToString("0.00", CultureInfo.InvariantCulture);
}
