using System.Globalization;
using System.Numerics;
using Brick.Contracts;

namespace Brick.Service.Tests.Hostile.Generated;

/// <summary>
/// What the wire contract (docs/wire-contract.md) says a generated message must end with, judged on the generator's own
/// model of it, not by the worker's code: no parser, no regular expression of the worker, only the tables of the
/// contract written out as plain character checks. It answers with every reason the message's faults call for (empty:
/// valid), since a message with several faults may be refused for whichever the worker meets first.
/// </summary>
internal static class ContractOracle
{
    /// <summary>The host of the in-memory worker; the real-broker check gives its own.</summary>
    public const string DefaultHost = "compute-07";
    public const int MaxBytes = 64 * 1024;
    public const int MaxDepth = 32;
    public const string Raw = "application/json";
    public const string Envelope = "application/vnd.masstransit+json";

    /// <summary>The reasons <paramref name="body"/> (serialised from <paramref name="model"/>, <paramref name="length"/> bytes) may end with.</summary>
    public static IReadOnlySet<ResizeFailureReason> Judge(Json model, string? contentType, int length, string workerHost)
    {
        var invalid = new HashSet<ResizeFailureReason> { ResizeFailureReason.InvalidRequest };
        if (length > MaxBytes || Depth(model) > MaxDepth || HasDuplicateKey(model) || HasUnpairedSurrogate(model))
            return invalid;
        if (model is not JObject root)
            return invalid;

        var media = MediaType(contentType);
        JObject request;
        if (media is "" or Raw)
            request = root;
        else if (media == Envelope && root["message"] is JObject message)
            request = message;
        else
            return invalid; // another content type, or an envelope without its message object

        var reasons = new HashSet<ResizeFailureReason>();
        Request(request, reasons, workerHost);
        return reasons;
    }

    /// <summary>The media type the contract reads: before any <c>;</c>, spaces and tabs around it dropped, ASCII letters in lower case; empty for none.</summary>
    public static string MediaType(string? contentType)
    {
        if (contentType is null)
            return "";
        var media = contentType.Split(';')[0].Trim(' ', '\t');
        return new string([.. media.Select(c => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c)]);
    }

    private static void Request(JObject request, HashSet<ResizeFailureReason> reasons, string workerHost)
    {
        Action invalid = () => reasons.Add(ResizeFailureReason.InvalidRequest);

        if (!IsIdentifier(Text(request["volumeId"])) || IsNil(Text(request["volumeId"])))
            invalid();
        var host = Text(request["host"]);
        if (!IsHostName(host))
            invalid();
        else if (host != workerHost)
            reasons.Add(ResizeFailureReason.Misrouted);
        if (Present(request["attachmentId"]) && (!IsIdentifier(Text(request["attachmentId"])) || IsNil(Text(request["attachmentId"]))))
            invalid();
        if (Integer(request["newSizeBytes"]) is not { } size || size < 1 || size > BigInteger.One << 60 || size % 512 != 0)
            invalid();
        if (Present(request["requestedAt"]) && !IsTimestamp(Text(request["requestedAt"])))
            invalid();

        if (request["connection"] is not JObject connection)
        {
            invalid();
            return;
        }

        var type = Text(connection["driverVolumeType"]);
        if (type is null)
            invalid();
        if (connection["data"] is not JObject data)
        {
            invalid();
            return;
        }

        switch (type)
        {
            case null:
                break;
            case "iscsi":
                Iscsi(data, invalid);
                break;
            case "fibre_channel":
                FibreChannel(data, invalid);
                break;
            case "nvmeof":
                Nvmeof(data, invalid);
                break;
            case "local":
                if (!Present(data["device_path"]))
                    invalid();
                break;
            default:
                reasons.Add(ResizeFailureReason.Unsupported);
                break;
        }

        // Any type may add these; each is checked when present.
        var scsiWwn = Optional(data, "scsi_wwn", IsWwid, invalid);
        var multipathId = Optional(data, "multipath_id", IsWwid, invalid);
        if (scsiWwn is not null && multipathId is not null && !string.Equals(scsiWwn, multipathId, StringComparison.OrdinalIgnoreCase))
            invalid();
        Optional(data, "device_path", IsDevicePath, invalid);
    }

    private static void Iscsi(JObject data, Action invalid)
    {
        string[] arrays = ["target_portals", "target_iqns", "target_luns"];
        if (arrays.Any(a => Present(data[a])))
        {
            var lists = arrays.Select(a => data[a] as JArray).ToList();
            if (lists.Any(l => l is null || l.Items.Count is 0 or > 64) || lists.Select(l => l!.Items.Count).Distinct().Count() != 1)
            {
                invalid();
                return;
            }

            if (!lists[0]!.Items.All(p => IsPortal(Text(p))) || !lists[1]!.Items.All(i => IsIqn(Text(i))) || !lists[2]!.Items.All(IsLun))
                invalid();
            return;
        }

        if (!IsPortal(Text(data["target_portal"])) || !IsIqn(Text(data["target_iqn"])) || !IsLun(data["target_lun"]))
            invalid();
    }

    private static void FibreChannel(JObject data, Action invalid)
    {
        IReadOnlyList<Json> wwpns = data["target_wwn"] switch
        {
            JArray array => array.Items,
            null => [],
            JLiteral { Literal: "null" } => [],
            var one => [one],
        };
        if (wwpns.Count is 0 or > 64 || !wwpns.All(w => IsWwpn(Text(w))))
        {
            invalid();
            return;
        }

        if (Present(data["target_luns"]))
        {
            if (data["target_luns"] is not JArray luns || luns.Items.Count != wwpns.Count || !luns.Items.All(IsLun))
                invalid();
        }
        else if (!IsLun(data["target_lun"]))
        {
            invalid();
        }
    }

    private static void Nvmeof(JObject data, Action invalid)
    {
        var nqn = Text(data["target_nqn"]);
        if (nqn is null || !nqn.StartsWith("nqn.", StringComparison.Ordinal) || !IsWord(nqn[4..], 219, ".:_-"))
            invalid();
        // All zero is what a namespace without a UUID/NGUID reports: it names no volume (the contract refuses it).
        static bool IsNamingUuid(string? text) => IsUuid(text) && text!.Any(c => c is not ('0' or '-'));
        var uuid = Optional(data, "vol_uuid", IsNamingUuid, invalid);
        var nguid = Optional(data, "vol_nguid", IsNamingUuid, invalid);
        if (!Present(data["vol_uuid"]) && !Present(data["vol_nguid"]))
            invalid();
        _ = (uuid, nguid);
    }

    /// <summary>A field that may be absent (or null): when present, a string that passes <paramref name="rule"/>.</summary>
    private static string? Optional(JObject data, string key, Func<string?, bool> rule, Action invalid)
    {
        if (!Present(data[key]))
            return null;
        var text = Text(data[key]);
        if (!rule(text))
            invalid();
        return rule(text) ? text : null;
    }

    private static bool Present(Json? value) => value is not null and not JLiteral { Literal: "null" };

    private static string? Text(Json? value) => (value as JString)?.Value;

    /// <summary>A JSON integer literal (no fraction, no exponent) as its exact value.</summary>
    private static BigInteger? Integer(Json? value) =>
        value is JNumber { Literal: var literal } && !literal.Any(c => c is '.' or 'e' or 'E')
            ? BigInteger.Parse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
            : null;

    private static bool IsLun(Json? value) => Integer(value) is { } lun && lun >= 0 && lun <= 65535;

    private static bool IsAsciiLetterOrDigit(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';

    private static bool IsHex(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F';

    /// <summary>A letter or digit, then up to <paramref name="more"/> letters, digits or <paramref name="others"/>.</summary>
    private static bool IsWord(string text, int more, string others) =>
        text.Length >= 1 && text.Length <= more + 1 && IsAsciiLetterOrDigit(text[0])
        && text.All(c => IsAsciiLetterOrDigit(c) || others.Contains(c, StringComparison.Ordinal));

    private static bool IsIdentifier(string? text) =>
        text is { Length: >= 1 and <= 64 } and not ("." or "..") && text.All(c => IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>A nil id: zeros and separators only, at least one zero (the contract: it names no volume or attachment).</summary>
    private static bool IsNil(string? text) => text is not null && text.Contains('0') && text.All(c => c is '0' or '-' or '.' or '_' or ':');

    private static bool IsHostName(string? text) => text is not null && IsWord(text, 252, "._-");

    private static bool IsPortal(string? text)
    {
        var colon = text?.LastIndexOf(':') ?? -1;
        if (colon < 0)
            return false;
        var (address, port) = (text![..colon], text[(colon + 1)..]);
        var addressOk = address.StartsWith('[') && address.EndsWith(']') && address.Length >= 4
            ? address[1..^1].Length <= 45 && address[1..^1].All(c => IsHex(c) || c is ':' or '.')
            : IsWord(address, 252, ".-");
        return addressOk && port.Length is >= 1 and <= 5 && port.All(char.IsAsciiDigit) && int.Parse(port, CultureInfo.InvariantCulture) is >= 1 and <= 65535;
    }

    private static bool IsIqn(string? text)
    {
        if (text is null)
            return false;
        if (text.StartsWith("eui.", StringComparison.Ordinal))
            return text.Length == 20 && text[4..].All(IsHex);
        // iqn.YYYY-MM. and then a name
        return text.Length > 12 && text.StartsWith("iqn.", StringComparison.Ordinal)
            && text[4..8].All(char.IsAsciiDigit) && text[8] == '-' && text[9..11].All(char.IsAsciiDigit) && text[11] == '.'
            && IsWord(text[12..], 218, ".:_-");
    }

    private static bool IsWwpn(string? text)
    {
        if (text is null)
            return false;
        var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return hex.Length == 16 && hex.All(IsHex);
    }

    private static bool IsUuid(string? text) =>
        text is not null && (text.Length == 32 && text.All(IsHex)
            || text.Length == 36 && text.Select((c, i) => i is 8 or 13 or 18 or 23 ? c == '-' : IsHex(c)).All(ok => ok));

    private static bool IsWwid(string? text) => text is not null && IsWord(text, 127, ".:_-");

    private static bool IsDevicePath(string? text)
    {
        if (text is null || !text.StartsWith("/dev/", StringComparison.Ordinal))
            return false;
        var parts = text[5..].Split('/');
        return parts.Length is >= 1 and <= 8
            && parts.All(p => p.Length is >= 1 and <= 255 && p is not ("." or "..")
                && p.All(c => IsAsciiLetterOrDigit(c) || c is '_' or '+' or ':' or '.' or '-'));
    }

    /// <summary>
    /// An ISO 8601 date and time with seconds and an offset (<c>Z</c> or <c>±hh:mm</c>), as the contract's examples, at
    /// most a day after now and at most 3,650 days before it (the contract's bound).
    /// </summary>
    private static bool IsTimestamp(string? text) =>
        text is not null && DateTimeOffset.TryParseExact(text,
            ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
        && (text.EndsWith('Z') || text[^6] is '+' or '-')
        && (at.UtcDateTime - DateTime.UtcNow).TotalDays is >= -3650 and <= 1;

    /// <summary>The nesting depth: a scalar 0, an object or array one more than its deepest member.</summary>
    public static int Depth(Json value) => value switch
    {
        JObject o => 1 + o.Members.Select(m => Depth(m.Value)).DefaultIfEmpty(0).Max(),
        JArray a => 1 + a.Items.Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    private static bool HasDuplicateKey(Json value) => value switch
    {
        JObject o => o.Members.Select(m => m.Key).Distinct(StringComparer.Ordinal).Count() != o.Members.Count || o.Members.Any(m => HasDuplicateKey(m.Value)),
        JArray a => a.Items.Any(HasDuplicateKey),
        _ => false,
    };

    private static bool HasUnpairedSurrogate(Json value) => value switch
    {
        JObject o => o.Members.Any(m => Unpaired(m.Key) || HasUnpairedSurrogate(m.Value)),
        JArray a => a.Items.Any(HasUnpairedSurrogate),
        JString s => Unpaired(s.Value),
        _ => false,
    };

    private static bool Unpaired(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                return true;
        }

        return false;
    }
}
