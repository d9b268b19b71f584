using System.Text.Json;
using Brick.Service.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Brick.Service.Http;

/// <summary>
/// The body of <c>/healthz</c> and <c>/readyz</c>: the overall status, the names of the checks that failed, and each
/// check with its status, description and duration, e.g.
/// <c>{"status":"Unhealthy","failed":["bus"],"checks":[{"name":"bus","status":"Unhealthy","description":"…","durationMs":0.4}]}</c>.
/// The status code is the health checks' own: 200 when healthy (or degraded), 503 when not. Every description passes
/// through <see cref="Secrets.Scrub"/> first: whoever wrote it (a broker's refusal names the user), no credential is served.
/// </summary>
public static class HealthJson
{
    /// <summary>The content type of the body.</summary>
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>Writes <paramref name="report"/> to the response (a <c>HealthCheckOptions.ResponseWriter</c>).</summary>
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = ContentType;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(Write(report), context.RequestAborted);
    }

    /// <summary>The body for <paramref name="report"/>, UTF-8.</summary>
    public static byte[] Write(HealthReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteStartArray("failed");
            foreach (var (name, _) in report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy))
                json.WriteStringValue(name);
            json.WriteEndArray();
            json.WriteStartArray("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteString("status", entry.Status.ToString());
                if ((entry.Description ?? entry.Exception?.Message) is { } description)
                    json.WriteString("description", Secrets.Scrub(description));
                json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
