using Brick.Testing;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests;

/// <summary>A control plane in another language, knowing only the wire contract: <c>deploy/examples/extend.py</c> (Python, pika).</summary>
public sealed class PythonClientTests(BrokerFixture broker)
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task A_python_client_that_knows_only_the_contract_extends_a_volume_and_reads_the_outcome()
    {
        broker.Require();
        var script = RepositoryRoot.Of("deploy", "examples", "extend.py");
        Prerequisite.Require(await HasPikaAsync(), $"{Python} with pika is needed (Debian: apt-get install python3-pika)");
        await using var scenario = await WorkerScenario.StartAsync(broker, "python");
        scenario.Grow(0, 3 * GiB);

        var uri = new UriBuilder(broker.Uri) { Path = "%2F" }.Uri.AbsoluteUri;
        var (code, stdout, stderr) = await RunAsync(Python, script, uri, scenario.HostName, "vol-py-1",
            (3 * GiB).ToString(System.Globalization.CultureInfo.InvariantCulture), "/dev/loop0", "60");

        Assert.True(code == 0, $"exit {code}: {stdout} {stderr}");
        Assert.StartsWith("brick.host-volume-resized", stdout, StringComparison.Ordinal);
        Assert.Contains("\"newSizeBytes\": 3221225472", stdout, StringComparison.Ordinal);
        Assert.Equal(3 * GiB, scenario.SizeOf(0));
    }

    private static async Task<bool> HasPikaAsync() =>
        File.Exists(Python) && (await RunAsync(Python, "-c", "import pika")).Code == 0;

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string program, params string[] arguments)
    {
        var result = await Programs.RunAsync(program, arguments, TimeSpan.FromSeconds(120));
        return (result.ExitCode, result.Stdout, result.Stderr);
    }
}
