namespace Brick.Service.Settings;

/// <summary>How outcome messages are written.</summary>
public enum OutputFormat
{
    /// <summary>A MassTransit envelope whose <c>message</c> is the outcome (content type <c>application/vnd.masstransit+json</c>).</summary>
    Envelope,

    /// <summary>The outcome object itself (content type <c>application/json</c>).</summary>
    Raw,
}
