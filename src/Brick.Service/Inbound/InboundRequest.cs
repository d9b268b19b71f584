using System.Text.Json;
using Brick.Engine.Requests;

namespace Brick.Service.Inbound;

/// <summary>
/// One request body, read once (<see cref="InboundReader"/>) and not yet trusted: the request object (the body itself,
/// or an envelope's <c>message</c>), the envelope's ids, or why the body holds no request it may act on.
/// </summary>
/// <param name="Message">The request object, or null when there is none.</param>
/// <param name="CorrelationId">The envelope's <c>correlationId</c>, if any (and safe: <see cref="InboundIds"/>).</param>
/// <param name="MessageId">The envelope's <c>messageId</c>, if any (and safe).</param>
/// <param name="Problem">
/// Why the body is refused, one sentence, or null. A body refused for its content type may still hold a
/// <paramref name="Message"/>: read only to name the volume and host in the refusal.
/// </param>
public sealed record InboundRequest(JsonElement? Message, string? CorrelationId, string? MessageId, string? Problem)
{
    /// <summary>
    /// Validates the request object; a refused body is <c>InvalidRequest</c> saying <see cref="Problem"/>, naming what
    /// its message (if any) says of the volume and host.
    /// </summary>
    public ValidationResult Validate(RequestValidator validator)
    {
        if (Problem is null && Message is { } message)
            return validator.Validate(message);
        var identity = Message is { } refused ? validator.Validate(refused).Identity : RequestIdentity.Unknown;
        return RequestValidator.Unreadable(Problem ?? "The body holds no request.", identity);
    }

    internal static InboundRequest Unreadable(string problem, string? correlationId = null, string? messageId = null) =>
        new(null, correlationId, messageId, problem);
}
