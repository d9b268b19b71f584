using System.Text.Json;
using Brick.Contracts;

namespace Brick.Engine.Requests;

/// <summary>
/// Turns an untrusted <c>VolumeExtended</c> JSON object into an <see cref="ExtendRequest"/>, or into a named
/// rejection (<c>InvalidRequest</c>, <c>Misrouted</c>, <c>Unsupported</c>). It reads only; nothing it is given reaches the host.
/// It validates an object already parsed: reading a body (its size, depth, envelope) is the inbound reader's work.
/// </summary>
/// <param name="hostName">This worker's host name: a request for any other host is <c>Misrouted</c>.</param>
/// <param name="clock">
/// The clock a <c>requestedAt</c> is held to (<see cref="RequestedAtFuture"/>, <see cref="RequestedAtPast"/>); the system's by default.
/// </param>
public sealed class RequestValidator(string hostName, TimeProvider? clock = null)
{
    /// <summary>How far after this host's clock a <c>requestedAt</c> may be (clocks differ; a day is far more than they do).</summary>
    public static readonly TimeSpan RequestedAtFuture = TimeSpan.FromDays(1);

    /// <summary>How far before this host's clock a <c>requestedAt</c> may be (a request replayed from an error queue may be old; not this old).</summary>
    public static readonly TimeSpan RequestedAtPast = TimeSpan.FromDays(3650);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Whether <paramref name="name"/> is a host name by the wire contract's rule (also for settings).</summary>
    public static bool IsValidHostName(string name) => NameRules.HostName().IsMatch(name);

    /// <summary>Whether <paramref name="id"/> is a volume or attachment id by the wire contract's rule (for the outcomes others read).</summary>
    public static bool IsValidIdentifier(string id) => NameRules.Identifier().IsMatch(id);

    /// <summary>
    /// Whether <paramref name="id"/> is a nil id (<c>00000000-0000-0000-0000-000000000000</c>, <c>0</c>, <c>0.0</c>): zeros
    /// and separators only. No volume or attachment has one; a request or outcome naming one is refused.
    /// </summary>
    public static bool IsNilIdentifier(string id) => id.Contains('0', StringComparison.Ordinal) && id.All(c => c is '0' or '-' or '.' or '_' or ':');

    /// <summary>Whether <paramref name="path"/> is a device path by the wire contract's rule: under <c>/dev</c>, plain names, no <c>.</c> or <c>..</c>.</summary>
    public static bool IsValidDevicePath(string path) => NameRules.IsDevicePath(path);

    /// <summary>The largest size in bytes the contract carries (2^60).</summary>
    public const long MaxSizeBytes = NameRules.MaxSizeBytes;

    /// <summary>
    /// The rejection of a body that holds no request object to validate (not JSON, too large, an envelope without its
    /// message, a content type not accepted): <c>InvalidRequest</c> saying <paramref name="problem"/>, with what could
    /// be read of its identity (none by default).
    /// </summary>
    public static ValidationResult Unreadable(string problem, RequestIdentity? identity = null) =>
        ValidationResult.Rejected(ResizeFailureReason.InvalidRequest, problem, identity ?? RequestIdentity.Unknown);

    /// <summary>The host name requests must name.</summary>
    public string HostName { get; } = hostName;

    /// <summary>Validates a message object.</summary>
    public ValidationResult Validate(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return ValidationResult.Rejected(
                ResizeFailureReason.InvalidRequest, "The message is not a JSON object.", RequestIdentity.Unknown);
        }

        var identity = ReadIdentity(message);
        try
        {
            return ValidationResult.Valid(Read(message));
        }
        catch (RequestRejectedException e)
        {
            return ValidationResult.Rejected(e.Reason, e.Message, identity);
        }
    }

    private ExtendRequest Read(JsonElement message)
    {
        var volumeId = JsonFields.RequiredString(message, "volumeId", "");
        if (!NameRules.Identifier().IsMatch(volumeId))
            throw RequestRejectedException.Invalid("volumeId must be 1 to 64 characters of [A-Za-z0-9._-], not . or ...");
        if (IsNilIdentifier(volumeId))
            throw RequestRejectedException.Invalid("volumeId is all zeros (a nil id), which names no volume.");

        var host = JsonFields.RequiredString(message, "host", "");
        if (!NameRules.HostName().IsMatch(host))
            throw RequestRejectedException.Invalid("host is not a valid host name.");
        if (!string.Equals(host, HostName, StringComparison.Ordinal))
            throw new RequestRejectedException(ResizeFailureReason.Misrouted, $"The request is for host {host}, this is {HostName}.");

        var attachmentId = JsonFields.OptionalString(message, "attachmentId", "");
        if (attachmentId is not null && !NameRules.Identifier().IsMatch(attachmentId))
            throw RequestRejectedException.Invalid("attachmentId must be 1 to 64 characters of [A-Za-z0-9._-], not . or ...");
        if (attachmentId is not null && IsNilIdentifier(attachmentId))
            throw RequestRejectedException.Invalid("attachmentId is all zeros (a nil id), which names no attachment.");

        var newSizeBytes = ReadSize(message);

        DateTimeOffset? askedAt = null;
        if (JsonFields.TryGet(message, "requestedAt", out var requestedAt))
        {
            // Seconds and an explicit offset: a time without one would be read in this host's time zone, and a request
            // that looks older than it is may be answered by a success that began before it (host-behaviour.md).
            if (requestedAt.ValueKind != JsonValueKind.String || !ContractTimestamp.TryParse(requestedAt.GetString(), out var at))
                throw RequestRejectedException.Invalid("requestedAt must be an ISO 8601 date and time with seconds and an offset (Z or +hh:mm).");
            askedAt = WithinBounds(at);
        }

        if (!JsonFields.TryGet(message, "connection", out var connection) || connection.ValueKind != JsonValueKind.Object)
            throw RequestRejectedException.Invalid("connection is required and must be an object.");

        var connectionData = ConnectionDataReader.Read(connection);
        return new ExtendRequest(
            volumeId, host, attachmentId, newSizeBytes,
            connectionData.Target, connectionData.Wwid, connectionData.MultipathExpected, connectionData.DevicePathHint)
        {
            RequestedAt = askedAt,
        };
    }

    /// <summary>A <c>requestedAt</c> no more than a day after this host's clock and no more than 3,650 days before it.</summary>
    private DateTimeOffset WithinBounds(DateTimeOffset at)
    {
        var now = _clock.GetUtcNow();
        // Compared as differences from now (now is a real date): at the edges of the calendar, now ± a bound may not be a date.
        var ahead = at.UtcTicks - now.UtcTicks;
        if (ahead > RequestedAtFuture.Ticks || -ahead > RequestedAtPast.Ticks)
        {
            throw RequestRejectedException.Invalid(
                "requestedAt must be at most 1 day after this host's clock and at most 3650 days before it.");
        }

        return at;
    }

    private static long ReadSize(JsonElement message)
    {
        if (!JsonFields.TryGet(message, "newSizeBytes", out var value))
            throw RequestRejectedException.Invalid("newSizeBytes is required.");
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var size))
            throw RequestRejectedException.Invalid("newSizeBytes must be an integer.");
        if (size is < 1 or > NameRules.MaxSizeBytes)
            throw RequestRejectedException.Invalid("newSizeBytes must be from 1 to 2^60.");
        if (size % 512 != 0)
            throw RequestRejectedException.Invalid("newSizeBytes must be a multiple of 512.");
        return size;
    }

    private static RequestIdentity ReadIdentity(JsonElement message)
    {
        string? Named(string field, System.Text.RegularExpressions.Regex rule) =>
            message.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
                && value.GetString() is { } text && rule.IsMatch(text) ? text : null;

        long? size = message.TryGetProperty("newSizeBytes", out var sizeValue)
            && sizeValue.ValueKind == JsonValueKind.Number && sizeValue.TryGetInt64(out var parsed) ? parsed : null;

        return new RequestIdentity(
            Named("volumeId", NameRules.Identifier()),
            Named("host", NameRules.HostName()),
            Named("attachmentId", NameRules.Identifier()),
            size);
    }
}
