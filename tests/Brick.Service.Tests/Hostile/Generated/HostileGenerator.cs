using System.Text;
using CsCheck;

namespace Brick.Service.Tests.Hostile.Generated;

/// <summary>
/// Makes hostile <c>VolumeExtended</c> messages from the valid ones (<see cref="ValidRequests"/>) with CsCheck's
/// generators: wrong JSON types for every field, hostile strings (<c>..</c>, <c>/</c>, NUL, control, bidirectional and
/// line-separator characters, unpaired surrogates) in every string that becomes a name or a path, missing and unknown
/// fields, duplicate keys, deep nesting, huge arrays, bad sizes and LUNs, envelopes with hostile ids, unknown and
/// malformed content types, and then, for some, the bytes broken: truncated, invalid UTF-8, raw control bytes, trailing
/// garbage, padded past the size limit. Case <c>i</c> of seed <c>s</c> is the same on every run (for one worker host).
/// </summary>
internal sealed class HostileGenerator(ulong seed, string workerHost = ContractOracle.DefaultHost)
{
    private readonly IReadOnlyList<JObject> _valid = ValidRequests.For(workerHost);

    private static readonly string[] Fragments =
    [
        "..", "/", "../", "/..", "../../etc/passwd", "\0", "\u202E", "\u202D", "\u2066", "\u2069", "\u2028", "\u2029", "\n", "\r\n",
        "\r", "\t", " ", "\u0085", "\u200B", "\uFEFF", "\u001b[31m", "\u007f", "\\", "%2e%2e%2f", "*", "?", "$(reboot)", "`id`", ";", "|",
        "'", "\"", "\ud800", "\udc00", "\udbff\udfff", "é", "İ", "\u212A", "ſ", "０", "٣", "𝟘", "\u00A0", "{", "}", "[", "]", ":", "#", "@",
    ];

    /// <summary>Every character that forges or reorders a log line, as issue 18 lists them: C0, DEL, C1, U+2028/2029, the bidirectional controls.</summary>
    private static readonly string[] Forging =
    [
        "\0", "\u0001", "\u0007", "\b", "\t", "\n", "\u000b", "\f", "\r", "\u001b", "\u001f", "\u007f", "\u0080", "\u0085", "\u008d", "\u009b",
        "\u009f", "\u2028", "\u2029", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f",
    ];

    private static readonly string[] HostileValues =
    [
        "", ".", "..", "/", "/dev", "/dev/", "/dev/..", "/dev/../etc/shadow", "/dev/loop0/..", "/dev/./loop0", "//dev/loop0", "/dev//loop0",
        "/proc/sysrq-trigger", "/sys/block/sda/device/rescan", "../../../../sys/class/scsi_host/host0/scan", "\0", "a\0b", "vol\nINFO forged line",
        "\u202Egnp.exe", "vol\u2028next", "x".PadRight(65, 'x'), "y".PadRight(254, 'y'), "z".PadRight(4000, 'z'), "con", "nul", "-rf", "--help",
        "\ud800", "vol\udc00", "compute-07\n", "iqn.2004-01.com.example:../x", "nqn.2014-08.org:../..", "0x../..", "[::1]:0", "[::1]:65536",
        "host:3260/..", "198.51.100.21:3260\0", "naa.", "3600a0980\n", "\u0000\u0001\u0002", "\t", " ", "null", "true", "0",
    ];

    private static readonly string[] Sizes =
    [
        "0", "-512", "511", "512", "513", "1", "1073741824", "1152921504606846976", "1152921504606847488", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "1e3", "1E9", "1024.0", "1.5", "-0", "1e400", "0.0", "5e-324",
        "100000000000000000000000000000000000000000000",
    ];

    private static readonly string[] Luns = ["-1", "0", "65535", "65536", "1.0", "2147483648", "-0", "1e2", "255"];

    private static readonly string[] Hosts =
    [
        "compute-08", "COMPUTE-07", "compute-07.", "compute-07 ", " compute-07", "", "-compute", ".compute", "compute_07",
        "c".PadRight(253, 'c'), "c".PadRight(254, 'c'), "compute-07\0", "compute\u202E70-", "compute-07/..", "*", "#",
    ];

    private static readonly string[] DriverTypes =
    [
        "ISCSI", "iscsi ", " iscsi", "rbd", "", "local\0", "nvme", "fibre-channel", "Local", "iscsi\u202E", "../local", "\ud800",
    ];

    private static readonly string[] AllZeroIds =
        ["00000000-0000-0000-0000-000000000000", "00000000000000000000000000000000", "0", "0.0"];

    private static readonly string[] Timestamps =
    [
        "2026-11-25T09:30:00Z", "2026-11-25T09:30:00+02:00", "2026-11-25T09:30:00.123456Z", "yesterday", "", "2026-13-45T99:99:99Z",
        "2026-11-25T09:30:00Z\n", "0000-00-00T00:00:00Z", "2026-11-25T09:30:00Z/..",
        "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00", "2126-11-25T09:30:00Z", "1926-11-25T09:30:00Z",
        "0001-01-01T00:00:00-14:00", "9999-12-31T23:59:59+14:00", "2016-12-31T23:59:60Z", "2026-06-30T23:59:60Z", "2026-11-25T09:30:00+24:00",
        "2026-11-25T09:30:00+14:01", "2026-11-25T09:30:00.123+05:45", "2026-11-25T09:30:00-00:00", "2026-11-25T09:30:00+14:00",
        "2026-11-25T09:30:00", "2026-11-25T09:30", "2026-11-25", "2026-11-25t09:30:00z", "2026-11-25 09:30:00Z", "2026-11-25T09:30:00+0200",
        "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2026-11-25T09:30:00\u2028Z", "1764063000",
    ];

    private static readonly string?[] AcceptedRaw =
        [null, "application/json", "Application/JSON", "application/json; charset=utf-8", "application/json;charset=\"utf-8\"", " application/json", "application/json\t"];

    private static readonly string[] AcceptedEnvelope =
        ["application/vnd.masstransit+json", "APPLICATION/VND.MASSTRANSIT+JSON; charset=utf-8"];

    private static readonly string[] Refused =
    [
        "text/plain", "application/xml", "application/json-patch+json", "application/jsonx", "application/json\n", "application/json\u2028",
        "application/\u202ejson", "text/plain; x", "text/plain;;", "application/xml; charset=\"", "*/*", "(", "text/json", "applİcation/json",
        "application/jſon", "application/json\u0000", "application/vnd.masstransit+xml", "application/x-www-form-urlencoded", "json",
        "application/octet-stream", "multipart/form-data; boundary=x",
    ];

    private static readonly string[] UnknownKeys =
        ["volumeid", "VolumeId", "volume_id", "$type", "__proto__", "constructor", "", "\u202Ekey", "key\n", "k\0", "\ud800", "message", "data"];

    private static readonly byte[][] InvalidUtf8 =
        [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x80], [0xE2, 0x82], [0xF5, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xFE, 0xFF]];

    /// <summary>The case <paramref name="index"/> of this generator's seed.</summary>
    public GeneratedCase Case(int index)
    {
        var draw = new Draw(new PCG((uint)index, seed));
        var done = new List<string>();
        Json message = draw.One(_valid);

        var mutations = draw.Int(0, 9) < 2 ? 2 : 1 + (draw.Int(0, 4) == 0 ? 1 : 0);
        if (draw.Chance(8))
            mutations = 0;
        for (var i = 0; i < mutations; i++)
            message = Mutate(draw, (JObject)message, done);

        var envelope = draw.Chance(25);
        if (envelope)
            message = Wrap(draw, (JObject)message, done);

        var escapeAll = draw.Chance(10);
        if (escapeAll)
            done.Add("every non-ASCII character escaped");

        var contentType = ContentType(draw, envelope, done);
        var body = message.ToBytes(escapeAll);

        if (draw.Chance(30))
        {
            var (broken, what, stillJudged) = BreakBytes(draw, body);
            done.Add(what);
            body = broken;
            if (!stillJudged)
                return new GeneratedCase(index, string.Join("; ", done), contentType, body, new HashSet<Brick.Contracts.ResizeFailureReason> { Brick.Contracts.ResizeFailureReason.InvalidRequest });
        }

        return new GeneratedCase(index, string.Join("; ", done.DefaultIfEmpty("unchanged")), contentType, body, ContractOracle.Judge(message, contentType, body.Length, workerHost));
    }

    private static Json Mutate(Draw draw, JObject request, List<string> done)
    {
        var locations = Locations(request, []).ToList();
        var at = draw.One(locations);
        switch (draw.Int(0, 14))
        {
            case 0:
            case 1:
                done.Add($"{Name(at)} given another type");
                return Replace(request, at, _ => OtherValue(draw));
            case 2:
            case 3:
                var strings = locations.Where(l => Get(request, l) is JString).ToList();
                var named = draw.One(strings);
                return Replace(request, named, old => new JString(HostileString(draw, ((JString)old!).Value, done, Name(named))));
            case 4:
                // A forging character in any string field (connection.data's and the arrays' items too), at an end or inside.
                var fields = locations.Where(l => Get(request, l) is JString).ToList();
                var field = draw.One(fields);
                return Replace(request, field, old =>
                {
                    var value = ((JString)old!).Value;
                    var c = draw.One(Forging);
                    var changed = draw.Int(0, 2) switch { 0 => c + value, 1 => value + c, _ => value[..(value.Length / 2)] + c + value[(value.Length / 2)..] };
                    done.Add($"{Name(field)} {Show(changed)}");
                    return new JString(changed);
                });
            case 5:
                done.Add($"{Name(at)} removed");
                return Replace(request, at, _ => null);
            case 6:
                var objects = locations.Where(l => Get(request, l) is JObject).Prepend([]).ToList();
                var into = draw.One(objects);
                var key = draw.Chance(50) ? draw.One(UnknownKeys) : draw.String();
                done.Add($"unknown key {Show(key)} added in {Name(into)}");
                return Replace(request, into, o => ((JObject)o!).With(key, draw.Chance(50) ? new JString(HostileString(draw, "x", [], "")) : OtherValue(draw)));
            case 7:
                var holders = locations.Where(l => Get(request, l) is JObject { Members.Count: > 0 }).Prepend([]).ToList();
                var holder = draw.One(holders);
                return Replace(request, holder, o =>
                {
                    var members = ((JObject)o!).Members.ToList();
                    var copy = draw.One(members);
                    var value = draw.Chance(50) ? copy.Value : OtherValue(draw);
                    done.Add($"key {Show(copy.Key)} of {Name(holder)} given twice");
                    members.Insert(draw.Int(0, members.Count), (copy.Key, value));
                    return new JObject(members);
                });
            case 8:
                var depth = draw.Chance(70) ? draw.Int(26, 36) : draw.Int(1, 200);
                done.Add($"{Name(at)} nested {depth} deep");
                return Replace(request, at, old => Nest(draw, old ?? JLiteral.Null, depth));
            case 9:
                return HugeArray(draw, request, done);
            case 10:
                var size = draw.One(Sizes);
                done.Add($"newSizeBytes {size}");
                return request.With("newSizeBytes", new JNumber(size));
            case 11:
                var lunAt = locations.Where(l => Name(l).Contains("lun", StringComparison.Ordinal) && Get(request, l) is JNumber).ToList();
                if (lunAt.Count == 0)
                    goto case 10;
                var lun = draw.One(Luns);
                var which = draw.One(lunAt);
                done.Add($"{Name(which)} {lun}");
                return Replace(request, which, _ => new JNumber(lun));
            case 12:
                var host = draw.One(Hosts);
                done.Add($"host {Show(host)}");
                return request.With("host", new JString(host));
            case 13:
                var ids = locations.Where(l => Name(l) is "volumeId" or "attachmentId" or "connection.data.vol_uuid" or "connection.data.vol_nguid" && Get(request, l) is JString).ToList();
                if (ids.Count > 0 && draw.Chance(50))
                {
                    var id = draw.One(ids);
                    var zero = draw.One(AllZeroIds);
                    done.Add($"{Name(id)} {Show(zero)}");
                    return Replace(request, id, _ => new JString(zero));
                }

                var type = draw.One(DriverTypes);
                done.Add($"driverVolumeType {Show(type)}");
                return Replace(request, ["connection", "driverVolumeType"], _ => new JString(type));
            default:
                if (draw.Chance(50))
                {
                    var at2 = draw.One(Timestamps);
                    done.Add($"requestedAt {Show(at2)}");
                    return request.With("requestedAt", new JString(at2));
                }

                done.Add("members reordered");
                return new JObject([.. request.Members.OrderBy(_ => draw.Int(0, 1000))]);
        }
    }

    /// <summary>A hostile fragment put into <paramref name="value"/>, or a hostile value instead of it.</summary>
    private static string HostileString(Draw draw, string value, List<string> done, string where)
    {
        string result;
        switch (draw.Int(0, 3))
        {
            case 0:
            case 1:
                var fragment = draw.One(Fragments);
                var at = draw.Int(0, value.Length);
                result = value[..at] + fragment + value[at..];
                break;
            case 2:
                result = draw.One(HostileValues);
                break;
            default:
                result = draw.String();
                break;
        }

        done.Add($"{where} {Show(result)}");
        return result;
    }

    private static JObject HugeArray(Draw draw, JObject request, List<string> done)
    {
        var count = draw.One(new[] { 0, 1, 2, 63, 64, 65, 100, 1000, 5000, 20000 });
        var data = Get(request, ["connection", "data"]) as JObject;
        string[] keys = ["target_portals", "target_iqns", "target_luns", "target_wwn", "target_luns", "padding"];
        var key = draw.One(keys);
        Json item = key switch
        {
            "target_portals" => new JString("198.51.100.21:3260"),
            "target_iqns" => new JString("iqn.2004-01.com.example.array:tgt-a"),
            "target_wwn" => new JString("500a098280feeba5"),
            "padding" => new JString("pad"),
            _ => new JNumber(4),
        };
        done.Add($"connection.data.{key} an array of {count}");
        if (data is null)
            return request.With("huge", new JArray([.. Enumerable.Repeat(item, count)]));
        return (JObject)Replace(request, ["connection", "data"], _ => data.With(key, new JArray([.. Enumerable.Repeat(item, count)])));
    }

    private static JObject Wrap(Draw draw, JObject request, List<string> done)
    {
        Json Id() => draw.Int(0, 5) switch
        {
            0 => new JString(draw.One(AllZeroIds)),
            1 => new JString("5b8e2a90-9c1d-4f7e-8a3b-6c5d4e3f2a1b"),
            2 => new JString(HostileString(draw, "id", done, "envelope id")),
            3 => JLiteral.Null,
            4 => new JNumber(42),
            _ => new JString(new string('i', draw.Int(100, 300))),
        };

        var envelope = ValidRequests.Envelope(request, Id(), Id());
        done.Add("in an envelope");
        return draw.Int(0, 9) switch
        {
            0 => Note(envelope.Without("message"), "envelope without its message", done),
            1 => Note(envelope.With("message", OtherValue(draw)), "envelope message not an object", done),
            2 => Note(new JObject([.. envelope.Members, ("message", request)]), "envelope message given twice", done),
            _ => envelope,
        };
    }

    private static JObject Note(JObject value, string what, List<string> done)
    {
        done.Add(what);
        return value;
    }

    private static string? ContentType(Draw draw, bool envelope, List<string> done)
    {
        var roll = draw.Int(0, 99);
        string? type = roll < 70
            ? envelope ? AcceptedEnvelope[0] : draw.Chance(80) ? AcceptedRaw[1] : AcceptedRaw[0]
            : roll < 85
                ? envelope ? draw.One(AcceptedEnvelope) : draw.One(AcceptedRaw)
                : draw.Chance(15) ? (envelope ? AcceptedRaw[1] : AcceptedEnvelope[0]) : draw.One(Refused);
        if (roll >= 70)
            done.Add($"content type {Show(type)}");
        return type;
    }

    /// <summary>Breaks the bytes; stillJudged: the result is still JSON the oracle can judge (only padding keeps it so).</summary>
    private static (byte[] Body, string What, bool StillJudged) BreakBytes(Draw draw, byte[] body)
    {
        switch (draw.Int(0, 7))
        {
            case 0:
                var keep = draw.Int(0, body.Length - 1);
                return (body[..keep], $"truncated to {keep} of {body.Length} bytes", false);
            case 1:
                var bad = draw.One(InvalidUtf8);
                var at = draw.Int(0, body.Length);
                return ([.. body[..at], .. bad, .. body[at..]], $"invalid UTF-8 {Convert.ToHexString(bad)} at byte {at}", false);
            case 2:
                var letters = Enumerable.Range(0, body.Length).Where(i => body[i] is >= (byte)'a' and <= (byte)'z').ToList();
                if (letters.Count == 0)
                    goto case 0;
                var letter = draw.One(letters);
                var control = (byte)draw.One(new[] { 0, 9, 10, 13, 27, 31 });
                var copy = body.ToArray();
                copy[letter] = control;
                return (copy, $"raw control byte {control:x2} at byte {letter}", false);
            case 3:
                var garbage = draw.One(new[] { "x", ",", "}", "{}", "]", "\"", "//", "/* */", "\0", "null" });
                return ([.. body, .. Encoding.UTF8.GetBytes(garbage)], $"{Show(garbage)} after the object", false);
            case 4:
                var lead = draw.One(new[] { "x", "//c\n", "[", ",", "\u00a0", "\0" });
                return ([.. Encoding.UTF8.GetBytes(lead), .. body], $"{Show(lead)} before the object", false);
            case 5:
                var target = draw.One(new[] { ContractOracle.MaxBytes, ContractOracle.MaxBytes + 1, ContractOracle.MaxBytes + draw.Int(2, 5000) });
                var pad = Math.Max(0, target - body.Length);
                return ([.. body, .. Enumerable.Repeat((byte)' ', pad)], $"padded with {pad} spaces to {body.Length + pad} bytes", true);
            case 6:
                if (draw.Chance(5))
                    return ([.. body, .. Enumerable.Repeat((byte)' ', 1 << 20)], "padded with 1 MiB of spaces", true);
                var spaces = draw.One(new[] { "\n", " \t\r\n", "\u3000" });
                var stillJson = spaces != "\u3000";
                return ([.. body, .. Encoding.UTF8.GetBytes(spaces)], $"{Show(spaces)} after the object", stillJson);
            default:
                var cut = draw.Int(1, Math.Max(1, body.Length / 2));
                return (body[cut..], $"the first {cut} bytes cut off", false);
        }
    }

    /// <summary>Another JSON value: of another type, empty, nested, or hostile.</summary>
    private static Json OtherValue(Draw draw) => draw.Int(0, 11) switch
    {
        0 => new JNumber(draw.One(Sizes)),
        1 => new JString(draw.One(HostileValues)),
        2 => JLiteral.True,
        3 => JLiteral.False,
        4 => JLiteral.Null,
        5 => new JObject(),
        6 => new JArray(),
        7 => new JArray(new JString("198.51.100.21:3260")),
        8 => new JObject(("volumeId", new JString("nested"))),
        9 => new JString(draw.String()),
        10 => new JNumber(draw.Int(-5, 70000)),
        _ => new JArray(new JNumber(1), JLiteral.Null, new JObject()),
    };

    private static Json Nest(Draw draw, Json inner, int depth)
    {
        for (var i = 0; i < depth; i++)
            inner = draw.Chance(50) ? new JArray(inner) : new JObject(("n", inner));
        return inner;
    }

    /// <summary>Every location in <paramref name="value"/>: a path of keys and indices.</summary>
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

    /// <summary><paramref name="root"/> with the value at <paramref name="path"/> changed (null: removed).</summary>
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

    private static string Name(object[] path) => path.Length == 0 ? "the request" : string.Join(".", path.Select(p => p is int i ? $"[{i}]" : (string)p));

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
