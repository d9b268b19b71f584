namespace Brick.Service.Http;

/// <summary>The tags that put a health check behind an endpoint: <c>/healthz</c> runs the <see cref="Live"/> ones, <c>/readyz</c> the <see cref="Ready"/> ones.</summary>
public static class HealthTags
{
    /// <summary>Checks of liveness (<c>/healthz</c>): failing, the process should be restarted. None is registered: the process answering is the check.</summary>
    public const string Live = "live";

    /// <summary>Checks of readiness (<c>/readyz</c>): failing, the worker cannot do its work now (bus, topology, roots, multipathd).</summary>
    public const string Ready = "ready";
}
