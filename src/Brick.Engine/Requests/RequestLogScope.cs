using Microsoft.Extensions.Logging;

namespace Brick.Engine.Requests;

/// <summary>
/// The logging scope of one request's work: every line logged inside it carries <see cref="VolumeId"/>,
/// <see cref="Host"/>, <see cref="AttachmentId"/> and <see cref="CorrelationId"/> as properties, whoever logs it: the
/// engine, the service, or a command. A value not known is left out rather than set to null, so that a scope begun
/// inside another (the engine's inside the consumer's) never hides what the outer one knows.
/// </summary>
public static class RequestLogScope
{
    /// <summary>The property that holds the volume id.</summary>
    public const string VolumeId = nameof(VolumeId);

    /// <summary>The property that holds the compute host the request names.</summary>
    public const string Host = nameof(Host);

    /// <summary>The property that holds the attachment id.</summary>
    public const string AttachmentId = nameof(AttachmentId);

    /// <summary>The property that holds the correlation id the outcome will carry.</summary>
    public const string CorrelationId = nameof(CorrelationId);

    /// <summary>Every property of the scope, in the order a log line shows them.</summary>
    public static IReadOnlyList<string> Properties { get; } = [VolumeId, Host, AttachmentId, CorrelationId];

    /// <summary>Begins the scope of a request of which only <paramref name="identity"/> could be read.</summary>
    public static IDisposable? Begin(ILogger logger, RequestIdentity identity, string? correlationId = null) =>
        Begin(logger, identity.VolumeId, identity.Host, identity.AttachmentId, correlationId);

    /// <summary>Begins the scope of a validated request.</summary>
    public static IDisposable? Begin(ILogger logger, ExtendRequest request, string? correlationId = null) =>
        Begin(logger, request.VolumeId, request.Host, request.AttachmentId, correlationId);

    private static IDisposable? Begin(ILogger logger, string? volumeId, string? host, string? attachmentId, string? correlationId)
    {
        var known = new Dictionary<string, object>(4);
        foreach (var (property, value) in new[] { (VolumeId, volumeId), (Host, host), (AttachmentId, attachmentId), (CorrelationId, correlationId) })
        {
            if (value is not null)
                known[property] = value;
        }

        return logger.BeginScope(known);
    }
}
