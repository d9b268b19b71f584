using Brick.Contracts;
using Brick.Testing;

namespace Brick.Worker.IntegrationTests.Http;

/// <summary>
/// Without <c>--http</c> a consuming <c>run</c> never loads ASP.NET Core (about 1 MiB of resident assemblies on every
/// host, issue 19 point 5); with it, it does. Read from the process's own mappings (<c>/proc/PID/maps</c>), where the
/// runtime maps each assembly it loads.
/// </summary>
public sealed class HttpOffTests(BrokerFixture broker)
{
    private const string AspNetCore = "Microsoft.AspNetCore.";

    [Fact]
    public async Task A_consuming_worker_without_http_maps_no_ASP_NET_Core_assembly_and_one_with_http_does()
    {
        broker.Require();
        var host = Requests.UniqueHost("nohttp");
        try
        {
            await using (var quiet = WorkerProcess.Start(["run", "--simulate", "--host", host, "--broker", broker.Uri.ToString()]))
            {
                await ProcessWorker.WaitUntilConsumedAsync(broker, EntityNames.WorkerQueue(host), quiet);
                var mapped = AspNetCoreAssemblies(quiet.Id);
                Assert.True(mapped.Count == 0, $"run without --http maps {string.Join(", ", mapped)}");
            }

            await using var served = ServedWorker.Start(broker, "withhttp");
            await served.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            Assert.NotEmpty(AspNetCoreAssemblies(served.ProcessId));
        }
        finally
        {
            await ProcessWorker.RemoveAsync(broker, host);
        }
    }

    private static List<string> AspNetCoreAssemblies(int pid) =>
    [
        .. File.ReadLines($"/proc/{pid}/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(5).FirstOrDefault())
            .OfType<string>()
            .Where(path => Path.GetFileName(path).StartsWith(AspNetCore, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal),
    ];
}
