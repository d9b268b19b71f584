using Brick.Engine.Requests;
using Brick.Service.Inbound;
using Brick.Service.Tests.Hostile;
using Brick.Service.Tests.Messaging;

namespace Brick.Service.Tests.Hostile.Generated;

/// <summary>
/// Issue 18, the hand-written side of "control and bidirectional characters in every string field": every string of
/// every valid request (<see cref="ValidRequests"/>: each way of naming a volume, so every <c>connection.data</c> key the
/// contract has, array items included) is given every character that forges or reorders a log line (C0, DEL, C1,
/// U+2028/2029, U+202A–202E, U+2066–2069, U+200E/200F, U+061C), at its start, in its middle and at its end. Each must be
/// refused with a reason the contract's oracle names and a detail that cannot forge a log line.
/// </summary>
public sealed class ForgingCharacterTests
{
    public static readonly string[] Forging =
    [
        "\0", "\u0001", "\u0007", "\b", "\t", "\n", "\u000b", "\f", "\r", "\u001b", "\u001f", "\u007f", "\u0080", "\u0085", "\u008d", "\u009b",
        "\u009f", "\u2028", "\u2029", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c",
    ];

    [Fact]
    public void Every_forging_character_in_every_string_field_is_refused_with_the_oracles_reason_in_a_log_safe_detail()
    {
        var validator = new RequestValidator(InMemoryWorker.ComputeHost);
        var (cases, fields, wrong) = (0, new HashSet<string>(StringComparer.Ordinal), new List<string>());
        foreach (var request in ValidRequests.For(InMemoryWorker.ComputeHost))
        {
            foreach (var (name, mutate) in Strings(request, ""))
            {
                fields.Add(name);
                foreach (var c in Forging)
                {
                    foreach (var at in new[] { 0, 1, 2 })
                    {
                        cases++;
                        var model = mutate(value => at switch { 0 => c + value, 1 => value[..(value.Length / 2)] + c + value[(value.Length / 2)..], _ => value + c });
                        var body = model.ToBytes();
                        var expected = ContractOracle.Judge(model, "application/json", body.Length, InMemoryWorker.ComputeHost);
                        var result = InboundReader.Read(body, "application/json", ContractOracle.MaxBytes).Validate(validator);
                        var code = $"U+{(int)c[0]:X4}";
                        if (expected.Count == 0)
                            wrong.Add($"{name} with {code}: the oracle takes it");
                        else if (result.Reason is not { } reason || !expected.Contains(reason))
                            wrong.Add($"{name} with {code} at {at}: {result.Reason?.ToString() ?? "valid"}, expected {string.Join("|", expected)}");
                        else if (!LogSafe.Is(result.Detail))
                            wrong.Add($"{name} with {code} at {at}: the detail is not log-safe: {System.Text.Json.JsonSerializer.Serialize(result.Detail)}");
                    }
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"forging characters: {cases} cases, {fields.Count} string fields ({string.Join(", ", fields.Order())}), {Forging.Length} characters, wrong: {wrong.Count}");
        Assert.True(fields.Count >= 15, $"only {fields.Count} string fields");
        Assert.Empty(wrong.Take(30));
    }

    /// <summary>Every string in <paramref name="value"/>: its name and a way to rebuild the request with it changed.</summary>
    private static IEnumerable<(string Name, Func<Func<string, string>, Json> Mutate)> Strings(Json value, string prefix)
    {
        switch (value)
        {
            case JString s:
                yield return (prefix, change => new JString(change(s.Value)));
                break;
            case JObject o:
                foreach (var (key, member) in o.Members)
                {
                    foreach (var (name, mutate) in Strings(member, prefix.Length == 0 ? key : $"{prefix}.{key}"))
                        yield return (name, change => o.With(key, mutate(change)));
                }

                break;
            case JArray a:
                for (var i = 0; i < a.Items.Count; i++)
                {
                    var index = i;
                    foreach (var (name, mutate) in Strings(a.Items[i], $"{prefix}[{i}]"))
                        yield return (name, change => new JArray([.. a.Items.Select((item, j) => j == index ? mutate(change) : item)]));
                }

                break;
        }
    }
}
