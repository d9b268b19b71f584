namespace Brick.Worker.Testcontainers;

/// <summary>How the worker writes its outcomes (<c>Brick:Output</c>).</summary>
public enum BrickWorkerOutput
{
    /// <summary>MassTransit envelopes (<c>application/vnd.masstransit+json</c>, the outcome under <c>message</c>): the worker's default.</summary>
    Envelope,

    /// <summary>The bare outcome object (<c>application/json</c>).</summary>
    Raw,
}
