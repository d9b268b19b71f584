using System.Text.Json;
using Brick.Service.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Brick.Service.Tests.Http;

/// <summary>The body of <c>/healthz</c> and <c>/readyz</c>: the status, which checks failed, and each check.</summary>
public sealed class HealthJsonTests
{
    private static JsonElement Write(params (string Name, HealthStatus Status, string? Description, Exception? Error)[] checks)
    {
        var entries = checks.ToDictionary(c => c.Name, c => new HealthReportEntry(c.Status, c.Description, TimeSpan.FromMilliseconds(1.26), c.Error, null));
        return JsonDocument.Parse(HealthJson.Write(new HealthReport(entries, TimeSpan.FromMilliseconds(3)))).RootElement;
    }

    [Fact]
    public void A_failed_check_is_named_among_the_failed_and_described()
    {
        var body = Write(("roots", HealthStatus.Healthy, "/sys and /dev readable", null), ("bus", HealthStatus.Unhealthy, "not connected", null));

        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal(["bus"], body.GetProperty("failed").EnumerateArray().Select(e => e.GetString()));
        var checks = body.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(["roots", "bus"], checks.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(["Healthy", "Unhealthy"], checks.Select(c => c.GetProperty("status").GetString()));
        Assert.Equal("not connected", checks[1].GetProperty("description").GetString());
        Assert.Equal(1.3, checks[1].GetProperty("durationMs").GetDouble());
    }

    [Fact]
    public void A_check_that_threw_is_described_by_its_exception()
    {
        var body = Write(("multipathd", HealthStatus.Unhealthy, null, new TimeoutException("no answer within 5 s")));

        Assert.Equal("no answer within 5 s", body.GetProperty("checks")[0].GetProperty("description").GetString());
    }

    [Fact]
    public void No_check_is_healthy_with_empty_lists()
    {
        var body = Write();

        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal(0, body.GetProperty("failed").GetArrayLength());
        Assert.Equal(0, body.GetProperty("checks").GetArrayLength());
    }

    [Fact]
    public void A_degraded_check_is_listed_but_not_failed()
    {
        var body = Write(("broker", HealthStatus.Degraded, "one node of three down", null));

        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        Assert.Equal(0, body.GetProperty("failed").GetArrayLength());
    }
}
