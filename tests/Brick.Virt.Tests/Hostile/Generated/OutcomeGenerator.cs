using System.Text;
using Brick.Service.Tests.Hostile.Generated;
using CsCheck;

namespace Brick.Virt.Tests.Hostile.Generated;

/// <summary>
/// Makes hostile <c>HostVolumeResized</c> deliveries for blockresize from valid outcomes (<see cref="ValidOutcomes"/>)
/// with CsCheck's generators, in the style of run's <c>HostileGenerator</c>: control (C0, C1, DEL), line-separator and
/// bidirectional characters (U+202A–202E, U+2066–2069, U+200E/F) in every string field of the outcome and its paths,
/// all-zero ids in every id field (and the envelope's), <c>completedAt</c> at the edges of the calendar (first and last
/// tick, far past and future, offsets of ±14:00, leap seconds, no offset), sizes and counts out of range, wrong types,
/// missing, unknown and case-changed keys, duplicate keys, deep nesting, unknown content types, and then, for some,
/// the bytes broken or padded up to and past the 64 KiB limit. Case <c>i</c> of seed <c>s</c> is the same on every run
/// (for one clock).
/// </summary>
internal sealed class OutcomeGenerator(ulong seed, DateTimeOffset now)
{
    private readonly IReadOnlyList<JObject> _valid = ValidOutcomes.For(OutcomeOracle.Host, now);

    /// <summary>Every character that forges or reorders a log line, as the issue lists them.</summary>
    public static readonly string[] Forging =
    [
        "\0", "\u0001", "\u0007", "\b", "\t", "\n", "\u000b", "\f", "\r", "\u001b", "\u001b[2K", "\u001f", "\u007f",
        "\u0080", "\u0085", "\u008d", "\u009b", "\u009f", "\u2028", "\u2029",
        "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f",
        "\ufeff", "\u200b", "\ud800", "\udc00",
    ];

    private static readonly string[] HostileValues =
    [
        "", " ", ".", "..", "/", "/dev", "/dev/", "/dev/..", "/dev/../etc/shadow", "/dev/./dm-3", "//dev/dm-3", "/dev//dm-3", "dev/dm-3",
        "/proc/sysrq-trigger", "/sys/block/dm-3/size", "-/dev/dm-3", "/dev/dm-3;reboot", "$(reboot)", "`id`", "x".PadRight(65, 'x'),
        "c".PadRight(129, 'c'), "/dev/" + new string('d', 256), string.Concat(Enumerable.Repeat("/dev", 10)) + "/x", "é", "İ", "\u212a", "０", "null",
        "compute-07\n", "vol\u2028INF forged", "\u202egnp.exe",
    ];

    private static readonly string[] AllZeroIds =
        ["00000000-0000-0000-0000-000000000000", "00000000000000000000000000000000", "0", "0.0", "{00000000-0000-0000-0000-000000000000}"];

    private static readonly string[] Dates =
    [
        "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00-14:00", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.9999999Z",
        "9999-12-31T23:59:59-14:00", "9999-12-31T23:59:59+14:00", "1969-12-31T23:59:59Z", "1999-12-31T23:59:59Z", "1999-12-31T23:59:59-01:00",
        "2000-01-01T00:00:00Z", "2000-01-01T00:00:00+01:00", "2126-11-25T09:30:00Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
        "0000-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-31T24:00:01Z", "2016-12-31T23:59:60Z",
        "2026-06-30T23:59:60Z", "2026-11-25T09:30:00+24:00", "2026-11-25T09:30:00+14:01", "2026-11-25T09:30:00.123+05:45",
        "2026-11-25T09:30:00", "2026-11-25T09:30", "2026-11-25", "2026-11-25t09:30:00z", "2026-11-25 09:30:00Z", "2026-11-25T09:30:00+0200",
        "2026-11-25T09:30:00Z\n", "2026-11-25T09:30:00\u2028Z", "yesterday", "", "1764063000",
    ];

    private static readonly string[] Sizes =
    [
        "0", "-512", "511", "512", "513", "1", "12884901888", "1152921504606846976", "1152921504606847488", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "1e3", "1E9", "12884901888.0", "1.5", "-0", "1e400", "5e-324", "604800000", "604800001",
        "100000000000000000000000000000000000000000000",
    ];

    private static readonly string[] UnknownKeys =
        ["VolumeId", "DEVICEPATH", "devicepath", "NewSizeBytes", "Host", "volume_id", "$type", "__proto__", "", "\u202ekey", "key\n", "k\0", "message"];

    private static readonly string[] Hosts =
        ["compute-08", "COMPUTE-07", "compute-07.", " compute-07", "", "-compute", "c".PadRight(254, 'c'), "compute-07\0", "compute\u202e70-", "*"];

    private static readonly string[] Refused =
        ["text/plain", "application/xml", "application/jsonx", "application/json\n", "application/\u202ejson", "*/*", "application/octet-stream", "json"];

    private static readonly byte[][] InvalidUtf8 = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x80], [0xE2, 0x82], [0xF5, 0x80, 0x80, 0x80]];

    /// <summary>The case <paramref name="index"/> of this generator's seed.</summary>
    public GeneratedOutcome Case(int index)
    {
        var draw = new Draw(new PCG((uint)index, seed));
        var done = new List<string>();
        var classes = new List<string>();
        Json message = draw.One(_valid);

        var mutations = draw.Chance(8) ? 0 : draw.Chance(20) ? 2 : 1;
        for (var i = 0; i < mutations; i++)
            message = Mutate(draw, (JObject)message, done, classes);

        var envelope = draw.Chance(25);
        if (envelope)
            message = Wrap(draw, (JObject)message, done, classes);

        var escapeAll = draw.Chance(10);
        if (escapeAll)
            done.Add("every non-ASCII character escaped");
        var contentType = ContentType(draw, envelope, done, classes);
        var body = message.ToBytes(escapeAll);

        if (draw.Chance(25))
        {
            var (broken, what, stillJudged) = BreakBytes(draw, body, classes);
            done.Add(what);
            body = broken;
            if (!stillJudged)
                return new GeneratedOutcome(index, classes, string.Join("; ", done), contentType, body, IsValid: false);
        }

        if (classes.Count == 0)
            classes.Add("unchanged");
        return new GeneratedOutcome(index, classes, string.Join("; ", done.DefaultIfEmpty("unchanged")), contentType, body,
            OutcomeOracle.IsValid(message, contentType, body.Length, now));
    }

    private static Json Mutate(Draw draw, JObject outcome, List<string> done, List<string> classes)
    {
        var strings = StringLocations(outcome).ToList();
        switch (draw.Int(0, 13))
        {
            case 0:
            case 1:
            case 2:
            {
                // A forging character in a string field: every field, the paths' devices too, in the middle or at an end.
                var at = draw.One(strings);
                var old = Get(outcome, at) as JString;
                var value = old?.Value ?? "x";
                var c = draw.One(Forging);
                var where = draw.Int(0, 2);
                var changed = where == 0 ? c + value : where == 1 ? value + c : value[..(value.Length / 2)] + c + value[(value.Length / 2)..];
                classes.Add("control, line-separator or bidirectional character");
                done.Add($"{Name(at)} {Show(changed)}");
                return Replace(outcome, at, _ => new JString(changed));
            }

            case 3:
            {
                var at = draw.One(strings);
                var value = draw.Chance(80) ? draw.One(HostileValues) : draw.String();
                classes.Add("hostile value");
                done.Add($"{Name(at)} {Show(value)}");
                return Replace(outcome, at, _ => new JString(value));
            }

            case 4:
            {
                var field = draw.One(ValidOutcomes.IdFields);
                var zero = draw.One(AllZeroIds);
                classes.Add("all-zero id");
                done.Add($"{field} {Show(zero)}");
                return outcome.With(field, new JString(zero));
            }

            case 5:
            case 6:
            {
                var date = draw.One(Dates);
                classes.Add("date at the calendar's edge");
                done.Add($"completedAt {Show(date)}");
                return outcome.With("completedAt", new JString(date));
            }

            case 7:
            {
                string[] numbers = ["newSizeBytes", "requestedSizeBytes", "elapsedMs", "paths/0/sizeBytes"];
                var field = draw.One(numbers);
                var size = draw.One(Sizes);
                classes.Add("number out of range");
                done.Add($"{field} {size}");
                return Replace(outcome, Split(field), _ => new JNumber(size));
            }

            case 8:
            {
                var locations = Locations(outcome, []).ToList();
                var at = draw.One(locations);
                var other = OtherValue(draw);
                classes.Add("wrong type");
                done.Add($"{Name(at)} given {Show(Encoding.UTF8.GetString(other.ToBytes()))}");
                return Replace(outcome, at, _ => other);
            }

            case 9:
            {
                var locations = Locations(outcome, []).ToList();
                var at = draw.One(locations);
                classes.Add("missing field");
                done.Add($"{Name(at)} removed");
                return Replace(outcome, at, _ => null);
            }

            case 10:
            {
                var key = draw.One(UnknownKeys);
                var value = draw.Chance(50) ? new JString(draw.One(HostileValues)) : OtherValue(draw);
                classes.Add("unknown or case-changed key");
                done.Add($"unknown key {Show(key)}");
                return outcome.With(key, value);
            }

            case 11:
            {
                var members = outcome.Members.ToList();
                var copy = draw.One(members);
                members.Insert(draw.Int(0, members.Count), (copy.Key, draw.Chance(50) ? copy.Value : OtherValue(draw)));
                classes.Add("duplicate key");
                done.Add($"key {Show(copy.Key)} given twice");
                return new JObject(members);
            }

            case 12:
            {
                var choice = draw.Int(0, 2);
                if (choice == 0)
                {
                    var host = draw.One(Hosts);
                    classes.Add("another or no host");
                    done.Add($"host {Show(host)}");
                    return outcome.With("host", new JString(host));
                }

                var count = draw.One(new[] { 0, 1, 63, 64, 65, 200, 3000 });
                classes.Add("huge paths");
                done.Add($"paths an array of {count}");
                return outcome.With("paths", new JArray([.. Enumerable.Range(0, count).Select(i => (Json)new JObject(
                    ("device", new JString($"sd{i}")), ("sizeBytes", new JNumber(12L << 30))))]));
            }

            default:
            {
                var locations = Locations(outcome, []).ToList();
                var at = draw.One(locations);
                var depth = draw.Chance(70) ? draw.Int(26, 36) : draw.Int(1, 200);
                classes.Add("deep nesting");
                done.Add($"{Name(at)} nested {depth} deep");
                return Replace(outcome, at, old =>
                {
                    var inner = old ?? JLiteral.Null;
                    for (var i = 0; i < depth; i++)
                        inner = draw.Chance(50) ? new JArray(inner) : new JObject(("n", inner));
                    return inner;
                });
            }
        }
    }

    private static JObject Wrap(Draw draw, JObject outcome, List<string> done, List<string> classes)
    {
        Json Id() => draw.Int(0, 4) switch
        {
            0 => new JString(draw.One(AllZeroIds)),
            1 => new JString("5b8e2a90-9c1d-4f7e-8a3b-6c5d4e3f2a1b"),
            2 => new JString("id" + draw.One(Forging)),
            3 => JLiteral.Null,
            _ => new JNumber(42),
        };

        var envelope = ValidOutcomes.Envelope(outcome, Id(), Id());
        classes.Add("envelope");
        done.Add("in an envelope");
        return draw.Int(0, 9) switch
        {
            0 => Note(envelope.Without("message"), "envelope without its message", done),
            1 => Note(envelope.With("message", OtherValue(draw)), "envelope message not an object", done),
            2 => Note(new JObject([.. envelope.Members, ("message", outcome)]), "envelope message given twice", done),
            _ => envelope,
        };
    }

    private static JObject Note(JObject value, string what, List<string> done)
    {
        done.Add(what);
        return value;
    }

    private static string? ContentType(Draw draw, bool envelope, List<string> done, List<string> classes)
    {
        var roll = draw.Int(0, 99);
        if (roll < 85)
            return envelope ? ContractOracle.Envelope : draw.Chance(80) ? ContractOracle.Raw : null;
        var type = draw.Chance(30) ? (envelope ? ContractOracle.Raw : ContractOracle.Envelope) : draw.One(Refused);
        classes.Add("content type");
        done.Add($"content type {Show(type)}");
        return type;
    }

    /// <summary>Breaks or pads the bytes; stillJudged: the result is still JSON the oracle can judge (padding keeps it so).</summary>
    private static (byte[] Body, string What, bool StillJudged) BreakBytes(Draw draw, byte[] body, List<string> classes)
    {
        switch (draw.Int(0, 5))
        {
            case 0:
                classes.Add("bytes broken");
                var keep = draw.Int(0, body.Length - 1);
                return (body[..keep], $"truncated to {keep} of {body.Length} bytes", false);
            case 1:
                classes.Add("bytes broken");
                var bad = draw.One(InvalidUtf8);
                var at = draw.Int(0, body.Length);
                return ([.. body[..at], .. bad, .. body[at..]], $"invalid UTF-8 {Convert.ToHexString(bad)} at byte {at}", false);
            case 2:
                classes.Add("bytes broken");
                var garbage = draw.One(new[] { "x", ",", "}", "{}", "\0", "null" });
                return ([.. body, .. Encoding.UTF8.GetBytes(garbage)], $"{Show(garbage)} after the object", false);
            default:
                // Up to and past the size limit: the last byte that is still taken, the first that is not, and beyond.
                classes.Add("body at or past the size limit");
                var target = draw.One(new[] { OutcomeOracle.MaxBytes - 1, OutcomeOracle.MaxBytes, OutcomeOracle.MaxBytes + 1, OutcomeOracle.MaxBytes + draw.Int(2, 5000), 1 << 20 });
                var pad = Math.Max(0, target - body.Length);
                return ([.. body, .. Enumerable.Repeat((byte)' ', pad)], $"padded with {pad} spaces to {body.Length + pad} bytes", true);
        }
    }

    private static Json OtherValue(Draw draw) => draw.Int(0, 9) switch
    {
        0 => new JNumber(draw.One(Sizes)),
        1 => new JString(draw.One(HostileValues)),
        2 => JLiteral.True,
        3 => JLiteral.Null,
        4 => new JObject(),
        5 => new JArray(),
        6 => new JArray(new JString("/dev/dm-3")),
        7 => new JObject(("device", new JString("sdc"))),
        8 => new JString(draw.String()),
        _ => new JArray(new JNumber(1), JLiteral.Null, new JObject()),
    };

    /// <summary>Every string field: the outcome's own and each path's <c>device</c> (a null one becomes a string).</summary>
    private static IEnumerable<object[]> StringLocations(JObject outcome)
    {
        foreach (var field in ValidOutcomes.StringFields)
            yield return [field];
        if (outcome["paths"] is JArray paths)
        {
            for (var i = 0; i < Math.Min(paths.Items.Count, 4); i++)
                yield return ["paths", i, "device"];
        }
    }

    private static object[] Split(string path) => [.. path.Split('/').Select(p => int.TryParse(p, out var i) ? (object)i : p)];

    private static IEnumerable<object[]> Locations(Json value, object[] prefix)
    {
        switch (value)
        {
            case JObject o:
                foreach (var (key, member) in o.Members.DistinctBy(m => m.Key))
                {
                    object[] path = [.. prefix, key];
                    yield return path;
                    foreach (var inner in Locations(member, path))
                        yield return inner;
                }

                break;
            case JArray a:
                for (var i = 0; i < Math.Min(a.Items.Count, 4); i++)
                {
                    object[] path = [.. prefix, i];
                    yield return path;
                    foreach (var inner in Locations(a.Items[i], path))
                        yield return inner;
                }

                break;
        }
    }

    private static Json? Get(Json value, object[] path)
    {
        foreach (var step in path)
        {
            value = (step, value) switch
            {
                (string key, JObject o) => o[key]!,
                (int i, JArray a) when i < a.Items.Count => a.Items[i],
                _ => null!,
            };
            if (value is null)
                return null;
        }

        return value;
    }

    /// <summary><paramref name="root"/> with the value at <paramref name="path"/> changed (null: removed); a missing step is added.</summary>
    private static Json Replace(Json root, object[] path, Func<Json?, Json?> change)
    {
        if (path.Length == 0)
            return change(root) ?? JLiteral.Null;
        var rest = path[1..];
        switch (path[0], root)
        {
            case (string key, JObject o):
                var current = o[key];
                var changed = rest.Length == 0 ? change(current) : current is null ? null : Replace(current, rest, change);
                return changed is null ? o.Without(key) : o.With(key, changed);
            case (int i, JArray a) when i < a.Items.Count:
                var items = a.Items.ToList();
                var item = rest.Length == 0 ? change(items[i]) : Replace(items[i], rest, change);
                if (item is null)
                    items.RemoveAt(i);
                else
                    items[i] = item;
                return new JArray(items);
            default:
                return root;
        }
    }

    private static string Name(object[] path) => path.Length == 0 ? "the outcome" : string.Join(".", path.Select(p => p is int i ? $"[{i}]" : (string)p));

    private static string Show(string? text) => text is null ? "none" : System.Text.Json.JsonSerializer.Serialize(text.Length > 40 ? text[..40] + "..." : text);

    /// <summary>Draws from CsCheck's generators on one PCG stream.</summary>
    private sealed class Draw(PCG pcg)
    {
        private static readonly Gen<string> Strings = Gen.String[Gen.Char, 0, 24];

        public int Int(int min, int max) => Gen.Int[min, max].Generate(pcg, null, out _);

        public bool Chance(int percent) => Int(0, 99) < percent;

        public T One<T>(IReadOnlyList<T> items) => items[Int(0, items.Count - 1)];

        public string String() => Strings.Generate(pcg, null, out _);
    }
}
