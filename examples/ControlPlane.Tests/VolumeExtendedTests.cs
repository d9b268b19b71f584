using System.Text.Json;

namespace ControlPlane.Tests;

/// <summary>
/// A control plane's flows against a brick-worker container: a volume the worker's host has never seen is resized,
/// and the two failures scripted on the container come back with their reasons.
/// </summary>
public sealed class VolumeExtendedTests(ContainersFixture containers)
{
    private const long GiB = 1L << 30;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_volume_the_host_has_never_seen_is_resized()
    {
        containers.Require();
        await using var controlPlane = await ControlPlane.ConnectAsync(containers.BrokerUri, ContainersFixture.HostName, TestContext.Current.CancellationToken);

        var (exchange, outcome) = await controlPlane.ExtendAsync(Request("vol-new-1", 12 * GiB), ContainersFixture.HostName, Patience,
            TestContext.Current.CancellationToken);

        Assert.Equal("brick.host-volume-resized", exchange);
        Assert.Equal(12 * GiB, outcome.GetProperty("newSizeBytes").GetInt64());
        Assert.Equal(ContainersFixture.HostName, outcome.GetProperty("host").GetString());
        Assert.Equal(2, outcome.GetProperty("paths").GetArrayLength());
    }

    [Theory]
    [InlineData("vol-bad-1", "WwidMismatch", false)]
    [InlineData("vol-gone-1", "DeviceNotFound", true)]
    public async Task A_scripted_failure_comes_back_with_its_reason(string volume, string reason, bool retriable)
    {
        containers.Require();
        await using var controlPlane = await ControlPlane.ConnectAsync(containers.BrokerUri, ContainersFixture.HostName, TestContext.Current.CancellationToken);

        var (exchange, outcome) = await controlPlane.ExtendAsync(Request(volume, 8 * GiB), ContainersFixture.HostName, Patience,
            TestContext.Current.CancellationToken);

        Assert.Equal("brick.host-volume-resize-failed", exchange);
        Assert.Equal(reason, outcome.GetProperty("reason").GetString());
        Assert.Equal(retriable, outcome.GetProperty("retriable").GetBoolean());
    }

    [Fact]
    public async Task The_python_client_of_the_docs_extends_a_local_volume_the_host_has_never_seen()
    {
        containers.Require();
        const string python = "/usr/bin/python3";
        Brick.Testing.Prerequisite.Require(File.Exists(python), $"{python} with pika is needed (Debian: apt-get install python3-pika)");
        var script = Path.Combine(Root(), "deploy", "examples", "extend.py");
        var uri = new UriBuilder(containers.BrokerUri) { Path = "%2F" }.Uri.AbsoluteUri;

        var start = new System.Diagnostics.ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, uri, ContainersFixture.HostName, "vol-py-1", (3 * GiB).ToString(System.Globalization.CultureInfo.InvariantCulture), "/dev/loop9", "90" })
            start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stdout} {await stderr}");
        Assert.StartsWith("brick.host-volume-resized", await stdout, StringComparison.Ordinal);
        Assert.Contains("\"newSizeBytes\": 3221225472", await stdout, StringComparison.Ordinal);
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Brick.Worker.sln")))
                return dir.FullName;
        }

        throw new DirectoryNotFoundException("Brick.Worker.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A <c>VolumeExtended</c> for a two-path multipath iSCSI volume whose target is named for the volume.</summary>
    private static object Request(string volumeId, long newSizeBytes)
    {
        var wwid = "3600a0980" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(volumeId)))[..23];
        string[] portals = ["192.0.2.50:3260", "192.0.2.51:3260"];
        return new
        {
            volumeId,
            host = ContainersFixture.HostName,
            attachmentId = $"att-{volumeId}",
            newSizeBytes,
            connection = new
            {
                driverVolumeType = "iscsi",
                data = new Dictionary<string, object>
                {
                    ["target_portals"] = portals,
                    ["target_iqns"] = portals.Select(_ => $"iqn.2010-10.org.example:{volumeId}").ToArray(),
                    ["target_luns"] = new[] { 0, 0 },
                    ["scsi_wwn"] = wwid,
                    ["multipath_id"] = wwid,
                },
            },
            requestedAt = DateTimeOffset.UtcNow,
        };
    }
}
