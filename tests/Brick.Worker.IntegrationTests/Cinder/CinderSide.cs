using System.Text.Json;
using System.Text.Json.Nodes;
using Brick.Testing;

namespace Brick.Worker.IntegrationTests.Cinder;

/// <summary>
/// Cinder itself, as Debian ships it (python3-cinder, python3-oslo.messaging, run by <c>/usr/bin/python3</c>):
/// <c>cinder_resize_notification.py</c> makes a Cinder database with Cinder's migrations, the volume and its
/// attachments with Cinder's objects and volume manager, and announces the resize with Cinder's
/// <c>notify_about_volume_usage</c> through oslo.messaging. Without those packages the test skips (fails in CI:
/// <c>.ci/setup.d/50-cinder.sh</c> installs them).
/// </summary>
internal static class CinderSide
{
    private const string Python = "/usr/bin/python3";

    /// <summary>One attachment to make: its host, a Nova instance or none, and the connection its driver answers (null: none yet).</summary>
    public sealed record Attachment(string Host, string? InstanceUuid, object? Connection);

    /// <summary>What Cinder made: the volume's id and each attachment's id by host.</summary>
    public sealed record Made(string VolumeId, IReadOnlyDictionary<string, string> AttachmentIds);

    /// <summary>Skips (fails in CI) unless Debian's Cinder and oslo.messaging can be imported.</summary>
    public static async Task RequireAsync()
    {
        var (exit, _, error) = await RunAsync(["-c", "import cinder, oslo_messaging"], TimeSpan.FromSeconds(60));
        Prerequisite.Require(exit == 0,
            $"{Python} with Cinder and oslo.messaging is needed (Debian: apt-get install python3-cinder python3-oslo.messaging; CI: .ci/setup.d/50-cinder.sh): {error}");
    }

    /// <summary>
    /// Makes a volume of <paramref name="oldGib"/> GiB with <paramref name="attachments"/> in a new Cinder database under
    /// <paramref name="workDirectory"/>, grows it to <paramref name="newGib"/> GiB and announces <c>volume.resize.end</c>
    /// <paramref name="times"/> times on <paramref name="broker"/> (an <c>amqp://</c> URI, given to oslo as <c>rabbit://</c>)
    /// to the exchange <paramref name="exchange"/>.
    /// </summary>
    public static async Task<Made> ResizeAsync(Uri broker, string exchange, string workDirectory, int oldGib, int newGib,
        IReadOnlyList<Attachment> attachments, int times = 1)
    {
        var spec = new JsonObject
        {
            ["old_size"] = oldGib,
            ["new_size"] = newGib,
            ["times"] = times,
            ["exchange"] = exchange,
            ["attachments"] = new JsonArray([.. attachments.Select(a => (JsonNode)new JsonObject
            {
                ["host"] = a.Host,
                ["instance_uuid"] = a.InstanceUuid,
                ["connection"] = a.Connection is null ? null : JsonSerializer.SerializeToNode(a.Connection),
            })]),
        };
        Directory.CreateDirectory(workDirectory);
        var transport = new UriBuilder(broker) { Scheme = "rabbit" }.Uri.ToString();
        var (exit, output, error) = await RunAsync([RepositoryRoot.Of("tests/Brick.Worker.IntegrationTests/Cinder/cinder_resize_notification.py"),
            transport, workDirectory, spec.ToJsonString()], TimeSpan.FromMinutes(3));
        Assert.True(exit == 0, $"Cinder's side failed ({exit}): {output}{error}");
        var made = JsonNode.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last())!;
        return new Made(made["volume_id"]!.GetValue<string>(),
            made["attachments"]!.AsArray().ToDictionary(a => a!["host"]!.GetValue<string>(), a => a!["id"]!.GetValue<string>()));
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        if (Programs.Find(Python) is null && !File.Exists(Python))
            return (-1, "", $"{Python} is not installed");
        var result = await Programs.RunAsync(Python, arguments, timeout);
        return (result.ExitCode, result.Stdout, result.Stderr);
    }
}
