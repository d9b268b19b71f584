using System.Text.Json;
using Brick.Contracts;
using Brick.Engine.Kernel;

namespace Brick.Engine.Requests;

/// <summary>Reads <c>connection</c> (<c>driverVolumeType</c> and Cinder's snake_case <c>data</c>) into a <see cref="VolumeTarget"/>.</summary>
internal static class ConnectionDataReader
{
    private const string Data = "connection.data.";

    public sealed record Result(VolumeTarget Target, string? Wwid, bool MultipathExpected, string? DevicePathHint);

    public static Result Read(JsonElement connection)
    {
        var type = JsonFields.RequiredString(connection, "driverVolumeType", "connection.");
        if (!JsonFields.TryGet(connection, "data", out var data) || data.ValueKind != JsonValueKind.Object)
            throw RequestRejectedException.Invalid("connection.data is required and must be an object.");

        VolumeTarget target = type switch
        {
            "iscsi" => ReadIscsi(data),
            "fibre_channel" => ReadFibreChannel(data),
            "nvmeof" => ReadNvmeof(data),
            "local" => new LocalTarget(DevicePath(data) ?? throw RequestRejectedException.Invalid($"{Data}device_path is required for a local volume.")),
            _ => throw new RequestRejectedException(
                ResizeFailureReason.Unsupported,
                $"driverVolumeType {Printable(type)} is not supported (iscsi, fibre_channel, nvmeof, local)."),
        };

        var scsiWwn = Wwid(data, "scsi_wwn");
        var multipathId = Wwid(data, "multipath_id");
        if (scsiWwn is not null && multipathId is not null && scsiWwn != multipathId)
            throw RequestRejectedException.Invalid($"{Data}scsi_wwn and {Data}multipath_id name different volumes.");

        return new Result(target, multipathId ?? scsiWwn, multipathId is not null, DevicePath(data));
    }

    private static IscsiTarget ReadIscsi(JsonElement data)
    {
        var portals = JsonFields.Array(data, "target_portals", Data);
        var iqns = JsonFields.Array(data, "target_iqns", Data);
        var luns = JsonFields.Array(data, "target_luns", Data);
        if (portals.Count == 0 && iqns.Count == 0 && luns.Count == 0)
        {
            if (!JsonFields.TryGet(data, "target_lun", out var lun))
                throw RequestRejectedException.Invalid($"{Data}target_lun (or target_luns) is required for iscsi.");
            return new IscsiTarget([
                new IscsiPath(
                    Portal(JsonFields.RequiredString(data, "target_portal", Data)),
                    Iqn(JsonFields.RequiredString(data, "target_iqn", Data)),
                    JsonFields.Lun(lun, Data + "target_lun")),
            ]);
        }

        if (portals.Count != iqns.Count || portals.Count != luns.Count)
            throw RequestRejectedException.Invalid($"{Data}target_portals, target_iqns and target_luns must be non-empty arrays of equal length.");

        return new IscsiTarget([
            .. portals.Select((portal, i) => new IscsiPath(
                Portal(JsonFields.StringItem(portal, $"{Data}target_portals[{i}]")),
                Iqn(JsonFields.StringItem(iqns[i], $"{Data}target_iqns[{i}]")),
                JsonFields.Lun(luns[i], $"{Data}target_luns[{i}]"))),
        ]);
    }

    private static FibreChannelTarget ReadFibreChannel(JsonElement data)
    {
        if (!JsonFields.TryGet(data, "target_wwn", out var wwnValue))
            throw RequestRejectedException.Invalid($"{Data}target_wwn is required for fibre_channel.");
        var wwpns = JsonFields.OneOrMany(wwnValue, Data + "target_wwn")
            .Select((w, i) => Wwpn(JsonFields.StringItem(w, $"{Data}target_wwn[{i}]")))
            .ToList();

        var luns = JsonFields.Array(data, "target_luns", Data);
        if (luns.Count > 0)
        {
            if (luns.Count != wwpns.Count)
                throw RequestRejectedException.Invalid($"{Data}target_luns must have as many items as target_wwn.");
            return new FibreChannelTarget([.. wwpns.Select((w, i) => new FibreChannelPath(w, JsonFields.Lun(luns[i], $"{Data}target_luns[{i}]")))]);
        }

        if (!JsonFields.TryGet(data, "target_lun", out var lunValue))
            throw RequestRejectedException.Invalid($"{Data}target_lun (or target_luns) is required for fibre_channel.");
        var lun = JsonFields.Lun(lunValue, Data + "target_lun");
        return new FibreChannelTarget([.. wwpns.Select(w => new FibreChannelPath(w, lun))]);
    }

    private static NvmeofTarget ReadNvmeof(JsonElement data)
    {
        var nqn = JsonFields.RequiredString(data, "target_nqn", Data);
        if (!NameRules.Nqn().IsMatch(nqn))
            throw RequestRejectedException.Invalid($"{Data}target_nqn must start with nqn. and hold only [A-Za-z0-9.:_-].");

        var uuid = JsonFields.OptionalString(data, "vol_uuid", Data);
        if (uuid is not null && !NameRules.Uuid().IsMatch(uuid))
            throw RequestRejectedException.Invalid($"{Data}vol_uuid is not a UUID.");
        var nguid = JsonFields.OptionalString(data, "vol_nguid", Data);
        if (nguid is not null && !NameRules.Uuid().IsMatch(nguid))
            throw RequestRejectedException.Invalid($"{Data}vol_nguid must be 32 hex digits.");
        if (uuid is null && nguid is null)
            throw RequestRejectedException.Invalid($"{Data}vol_uuid or {Data}vol_nguid is required for nvmeof.");
        if (NvmeNamespaceIds.IsNone(uuid))
            throw RequestRejectedException.Invalid($"{Data}vol_uuid is all zero, which a namespace without a UUID reports: it names no volume.");
        if (NvmeNamespaceIds.IsNone(nguid))
            throw RequestRejectedException.Invalid($"{Data}vol_nguid is all zero, which a namespace without an NGUID reports: it names no volume.");

        return new NvmeofTarget(nqn, Hex(uuid), Hex(nguid));
    }

    private static string Portal(string value)
    {
        var match = NameRules.Portal().Match(value);
        if (!match.Success || !int.TryParse(match.Groups["port"].Value, out var port) || port is < 1 or > 65535)
            throw RequestRejectedException.Invalid($"{Data}target_portal {Printable(value)} must be host:port or [ipv6]:port.");
        return value;
    }

    private static string Iqn(string value) =>
        NameRules.Iqn().IsMatch(value)
            ? value
            : throw RequestRejectedException.Invalid($"{Data}target_iqn {Printable(value)} must be iqn.YYYY-MM.… or eui. and 16 hex digits.");

    private static string Wwpn(string value)
    {
        var match = NameRules.Wwpn().Match(value);
        return match.Success
            ? match.Groups["hex"].Value.ToLowerInvariant()
            : throw RequestRejectedException.Invalid($"{Data}target_wwn {Printable(value)} must be 16 hex digits, optionally with 0x.");
    }

    private static string? Wwid(JsonElement data, string field)
    {
        var value = JsonFields.OptionalString(data, field, Data);
        if (value is null)
            return null;
        return NameRules.Wwid().IsMatch(value)
            ? ScsiWwid.Normalize(value)
            : throw RequestRejectedException.Invalid($"{Data}{field} {Printable(value)} is not a WWID.");
    }

    private static string? DevicePath(JsonElement data)
    {
        var value = JsonFields.OptionalString(data, "device_path", Data);
        return value is null || NameRules.IsDevicePath(value)
            ? value
            : throw RequestRejectedException.Invalid($"{Data}device_path {Printable(value)} must be an absolute path under /dev with no . or .. segments.");
    }

    private static string? Hex(string? value) => value?.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>
    /// A bounded rendering of an untrusted value for a detail sentence: control characters, the line and paragraph
    /// separators (U+2028, U+2029) and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
    /// U+2066–U+2069) and marks (U+200E, U+200F, U+061C), which could forge or reorder a log line, become <c>?</c>.
    /// </summary>
    internal static string Printable(string value)
    {
        var clipped = value.Length > 80 ? value[..80] + "…" : value;
        return "'" + new string([.. clipped.Select(c => IsUnsafe(c) ? '?' : c)]) + "'";
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';
}
