using System.Text.Json;
using Brick.Contracts;
using Brick.Simulation.Hosts;
using Brick.Simulation.StandIns;
using Brick.Worker.Cli;
using static Brick.Testing.Sizes;

namespace Brick.Worker.Tests.Cli;

/// <summary><c>brick-worker extend</c> on a simulated host, with the host's stand-in executables for its programs.</summary>
public sealed class ExtendCommandTests : IAsyncDisposable
{
    private readonly SimulatedHost _host = SimulatedHost.Create();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Extending_a_grown_volume_prints_HostVolumeResized_and_exits_0()
    {
        var volume = _host.AddIscsiVolume(10 * GiB);
        volume.Lun.Grow(20 * GiB);

        var (exit, stdout, stderr) = await RunAsync(volume.Request("compute-07", 20 * GiB));

        Assert.True(exit == 0, stdout + stderr);
        var resized = JsonSerializer.Deserialize<HostVolumeResized>(stdout, ContractJson.Options)!;
        Assert.Equal(20 * GiB, resized.NewSizeBytes);
        Assert.Equal($"/dev/{volume.Map}", resized.DevicePath);
        Assert.Equal(2, resized.Paths.Count);
        Assert.Equal($"multipathd resize map /dev/{volume.Map}", Assert.Single(_host.ProgramCalls).ToString());
        Assert.Contains("resize-map", stderr);
    }

    [Fact]
    public async Task A_volume_the_array_has_not_grown_prints_HostVolumeResizeFailed_and_exits_1()
    {
        var volume = _host.AddIscsiVolume(10 * GiB);

        var (exit, stdout, _) = await RunAsync(volume.Request("compute-07", 20 * GiB), "--timeout", "1");

        Assert.Equal(1, exit);
        var failed = JsonSerializer.Deserialize<HostVolumeResizeFailed>(stdout, ContractJson.Options)!;
        Assert.Equal(ResizeFailureReason.RescanTimeout, failed.Reason);
        Assert.True(failed.Retriable);
        Assert.Equal(10 * GiB, failed.ObservedSizeBytes);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"volumeId\":\"v\",\"host\":\"compute-07\",\"newSizeBytes\":1000,\"connection\":{\"driverVolumeType\":\"iscsi\",\"data\":{}}}")]
    [InlineData("{\"volumeId\":\"v\",\"host\":\"compute-07\",\"newSizeBytes\":1024,\"connection\":{\"driverVolumeType\":\"local\",\"data\":{\"device_path\":\"/dev/../etc/shadow\"}}}")]
    [InlineData("{\"volumeId\":\"v\",\"host\":\"elsewhere\",\"newSizeBytes\":1024,\"connection\":{\"driverVolumeType\":\"local\",\"data\":{\"device_path\":\"/dev/loop0\"}}}")]
    public async Task Invalid_input_prints_a_named_failure_exits_2_and_touches_nothing(string body)
    {
        var volume = _host.AddIscsiVolume(10 * GiB);
        volume.Lun.Grow(20 * GiB);

        var (exit, stdout, _) = await RunRawAsync(body);

        Assert.Equal(2, exit);
        var failed = JsonSerializer.Deserialize<HostVolumeResizeFailed>(stdout, ContractJson.Options)!;
        Assert.True(failed.Reason is ResizeFailureReason.InvalidRequest or ResizeFailureReason.Misrouted, failed.Reason.ToString());
        Assert.Empty(_host.ProgramCalls);
        Assert.Equal(0, _host.RescansWritten);
    }

    [Fact]
    public async Task A_MassTransit_envelope_on_stdin_is_read_as_its_message()
    {
        var volume = _host.AddIscsiVolume(10 * GiB);
        volume.Lun.Grow(20 * GiB);
        var envelope = new
        {
            messageId = Guid.NewGuid(),
            messageType = new[] { "urn:message:Brick.Contracts:VolumeExtended" },
            message = volume.Request("compute-07", 20 * GiB),
        };

        var (exit, _, _) = await RunRawAsync(JsonSerializer.Serialize(envelope, ContractJson.Options));

        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task A_bad_setting_is_named_by_its_option_without_a_stack_trace_and_exits_2()
    {
        var (exit, stdout, stderr) = await RunRawAsync("{}", "--sys-root", "/nonexistent/sys");

        Assert.Equal(2, exit);
        Assert.Equal("--sys-root '/nonexistent/sys' is not a directory.", stderr.Trim());
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Two_bad_options_give_one_line_each_in_the_user_s_words()
    {
        var (exit, _, stderr) = await RunRawAsync("{}", "--timeout", "soon", "--multipathd", "multipathd", "--host", "bad host");

        Assert.Equal(2, exit);
        Assert.Equal(
            [
                "--host 'bad host' is not a host name (letters, digits, '.', '_', '-'; at most 236 characters).",
                "--multipathd 'multipathd' is not an absolute path.",
                "--timeout 'soon' is not a number of seconds.",
            ],
            stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_timeout_beyond_a_day_is_refused_as_run_refuses_it()
    {
        var (exit, _, stderr) = await RunRawAsync("{}", "--timeout", "86401");

        Assert.Equal(2, exit);
        Assert.Equal("--timeout must be more than 0 and at most one day.", stderr.Trim());
    }

    [Fact]
    public async Task A_body_larger_than_MaxMessageBytes_64_KiB_by_default_is_refused_unread()
    {
        var (exit, stdout, _) = await RunRawAsync(new string(' ', (1 << 20) + 10) + "{}");

        Assert.Equal(2, exit);
        var failed = JsonSerializer.Deserialize<HostVolumeResizeFailed>(stdout, ContractJson.Options)!;
        Assert.Equal("The body is 65537 bytes, more than the 65536 accepted.", failed.Detail);
    }

    private Task<(int, string, string)> RunAsync(VolumeExtended request, params string[] extra) =>
        RunRawAsync(JsonSerializer.Serialize(request, ContractJson.Options), extra);

    private async Task<(int, string, string)> RunRawAsync(string body, params string[] extra)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var defaults = new Dictionary<string, string>
        {
            ["--host"] = "compute-07",
            ["--sys-root"] = _host.Roots.SysRoot,
            ["--dev-root"] = _host.Roots.DevRoot,
            ["--multipathd"] = _host.Programs.Multipathd,
        };
        string[] args = ["extend", .. defaults.Where(d => !extra.Contains(d.Key)).SelectMany(d => new[] { d.Key, d.Value }), .. extra];
        var exit = await BrickWorkerCli.RunAsync(args, new StringReader(body), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
