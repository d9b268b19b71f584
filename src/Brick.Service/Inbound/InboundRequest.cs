using System.Text.Json;
using Brick.Engine.Requests;

namespace Brick.Service.Inbound;

/// <summary>
/// One request body, read once (<see cref="InboundReader"/>) and not yet trusted: the request object (the body itself,
/// or an envelope's <c>message</c>), the envelope's ids, or why the body holds no request.
/// </summary>
/// <param name="Message">The request object, or null when <paramref name="Problem"/> is set.</param>
/// <param name="CorrelationId">The envelope's <c>correlationId</c>, if any.</param>
/// <param name="MessageId">The envelope's <c>messageId</c>, if any.</param>
/// <param name="Problem">Why the body holds no request, one sentence, or null.</param>
public sealed record InboundRequest(JsonElement? Message, string? CorrelationId, string? MessageId, string? Problem)
{
    /// <summary>Validates the request object; a body that holds none is <c>InvalidRequest</c> saying <see cref="Problem"/>.</summary>
    public ValidationResult Validate(RequestValidator validator) =>
        Message is { } message ? validator.Validate(message) : RequestValidator.Unreadable(Problem!);

    internal static InboundRequest Unreadable(string problem, string? correlationId = null, string? messageId = null) =>
        new(null, correlationId, messageId, problem);
}
