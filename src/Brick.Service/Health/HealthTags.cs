namespace Brick.Service.Health;

/// <summary>The tags the HTTP endpoints select checks by: <c>/readyz</c> runs those tagged <see cref="Ready"/>, <c>/healthz</c> those tagged <see cref="Live"/>.</summary>
public static class HealthTags
{
    /// <summary>Readiness: the worker can take requests now.</summary>
    public const string Ready = "ready";

    /// <summary>Liveness: the process serves.</summary>
    public const string Live = "live";
}
