using System.Globalization;
using System.Text.Json;
using Brick.Contracts;
using Brick.Engine.Requests;
using Brick.Service.Inbound;
using RabbitMQ.Client;

namespace Brick.Tools.Replay;

/// <summary>
/// What one message in the source says, read without trusting it: its volume, its own host (the routing key of the
/// replay), the failure that put it there, its size and age, how often it was replayed, and whether it is a
/// <c>VolumeExtended</c> at all.
/// </summary>
/// <param name="MessageId">The AMQP message id, if any.</param>
/// <param name="VolumeId">The volume, where a valid one could be read.</param>
/// <param name="Host">The host the message names, where it is a valid host name.</param>
/// <param name="NewSizeBytes">The requested size, where it is an integer.</param>
/// <param name="BodyBytes">The body's length in bytes.</param>
/// <param name="Reason">The failure reason it was moved with (<c>brick-reason</c>), or null.</param>
/// <param name="Age">
/// How long it has waited, where known: since it failed (MassTransit's fault time), or the broker dead-lettered it
/// (<c>x-death</c>), or was published (the AMQP timestamp), or was requested (<c>requestedAt</c>), the first found.
/// </param>
/// <param name="TimesReplayed">How many times it was replayed before.</param>
/// <param name="Problem">Why it is not a valid <c>VolumeExtended</c> (it is never replayed), or null.</param>
/// <param name="DeadLetteredFrom">The queue the broker last dead-lettered it from (<c>x-death</c>), or null.</param>
public sealed record ReplayCandidate(
    string? MessageId,
    string? VolumeId,
    string? Host,
    long? NewSizeBytes,
    int BodyBytes,
    string? Reason,
    TimeSpan? Age,
    int TimesReplayed,
    string? Problem,
    string? DeadLetteredFrom = null)
{
    /// <summary>Whether it may be replayed: a valid <c>VolumeExtended</c> whose host is known.</summary>
    public bool IsValid => Problem is null && Host is not null;

    /// <summary>Reads a message taken from a queue.</summary>
    public static ReplayCandidate Read(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        var (identity, problem, requestedAt) = Check(body, properties.ContentType);
        var headers = properties.Headers;
        var since = Timestamp(ReplayHeaders.Text(headers, ReplayHeaders.FaultTimestamp))
            ?? ReplayHeaders.DeadLetteredAt(headers)
            ?? (properties.IsTimestampPresent() && properties.Timestamp.UnixTime > 0
                ? DateTimeOffset.FromUnixTimeSeconds(properties.Timestamp.UnixTime)
                : (DateTimeOffset?)null)
            ?? requestedAt;
        return new ReplayCandidate(
            properties.MessageId, identity.VolumeId, identity.Host, identity.NewSizeBytes, body.Length,
            ReplayHeaders.Text(headers, EntityNames.ReasonHeader), since is { } t ? Max(now - t, TimeSpan.Zero) : null,
            ReplayHeaders.TimesReplayed(headers), problem, ReplayHeaders.DeadLetteredFrom(headers));
    }

    /// <summary>Reads one line of a JSON-lines file (a raw <c>VolumeExtended</c>).</summary>
    public static ReplayCandidate ReadLine(ReadOnlyMemory<byte> line, DateTimeOffset now)
    {
        var (identity, problem, requestedAt) = Check(line, InboundReader.RawContentType);
        return new ReplayCandidate(null, identity.VolumeId, identity.Host, identity.NewSizeBytes, line.Length, null,
            requestedAt is { } t ? Max(now - t, TimeSpan.Zero) : null, 0, problem);
    }

    /// <summary>Something that was not even read (too long, say): <paramref name="problem"/> says why.</summary>
    public static ReplayCandidate Unreadable(int bodyBytes, string problem) => new(null, null, null, null, bodyBytes, null, null, 0, problem);

    /// <summary>
    /// Validates the body as the worker does (same envelope detection, same validator), against the host the message
    /// itself names: a message is replayed to its own host, so it cannot be <c>Misrouted</c> here. Only
    /// <c>InvalidRequest</c> makes it not a <c>VolumeExtended</c>; an <c>Unsupported</c> one is still replayed (a fix may
    /// have rolled out).
    /// </summary>
    private static (RequestIdentity Identity, string? Problem, DateTimeOffset? RequestedAt) Check(ReadOnlyMemory<byte> body, string? contentType)
    {
        var read = InboundReader.Read(body.Span, contentType);
        if (read.Message is not { } message || read.Problem is not null)
            return (RequestIdentity.Unknown, read.Problem ?? "The body is not a request.", null);

        var named = message.TryGetProperty("host", out var host) && host.ValueKind == JsonValueKind.String ? host.GetString() ?? "" : "";
        var validation = new RequestValidator(named).Validate(message);
        var problem = validation.Reason == ResizeFailureReason.InvalidRequest ? validation.Detail : null;
        if (problem is null && validation.Identity.Host is null)
            problem = "The message names no valid host.";
        var requestedAt = message.TryGetProperty("requestedAt", out var at) && at.ValueKind == JsonValueKind.String
            && at.TryGetDateTimeOffset(out var parsed) ? parsed : (DateTimeOffset?)null;
        return (validation.Identity, problem, requestedAt);
    }

    private static DateTimeOffset? Timestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
