using System.Text.Json;
using Brick.Worker.Cli;
using static Brick.Testing.Sizes;

namespace Brick.Worker.Tests.Cli;

/// <summary><c>brick-worker demo</c>, the README's first command: in memory, on a simulated host.</summary>
[Collection(ConsoleOutput.Name)]
public sealed class DemoCommandTests
{
    [Fact]
    public async Task The_demo_grows_a_two_path_multipath_volume_prints_HostVolumeResized_and_exits_0()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var (code, logs) = await ConsoleOutput.CaptureAsync(() => BrickWorkerCli.RunAsync(["demo"], TextReader.Null, stdout, stderr));

        var text = stdout.ToString();
        Assert.True(code == 0, text + stderr + logs);
        Assert.Contains("5. The control plane receives HostVolumeResized:", text, StringComparison.Ordinal);
        var json = text[text.IndexOf("5. The control plane receives", StringComparison.Ordinal)..];
        json = json[json.IndexOf('{', StringComparison.Ordinal)..(json.IndexOf("\n6. ", StringComparison.Ordinal) + 1)];
        using var outcome = JsonDocument.Parse(json);
        Assert.Equal(20 * GiB, outcome.RootElement.GetProperty("newSizeBytes").GetInt64());
        Assert.Equal(2, outcome.RootElement.GetProperty("paths").GetArrayLength());
        Assert.Contains("sda 20 GiB, sdb 20 GiB, dm-0 20 GiB", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_logs_the_flow_only_not_the_generic_host_nor_a_volume_it_never_uses()
    {
        var (code, logs) = await ConsoleOutput.CaptureAsync(() => BrickWorkerCli.RunAsync(["demo"], TextReader.Null, new StringWriter(), new StringWriter()));

        Assert.Equal(0, code);
        Assert.Contains("Published HostVolumeResized", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("Application started", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("Content root path", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("loop0", logs, StringComparison.Ordinal);
    }
}
