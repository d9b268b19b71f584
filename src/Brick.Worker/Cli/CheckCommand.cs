using System.CommandLine;
using Brick.Service.Composition;
using Brick.Service.Logging;
using Brick.Service.Settings;
using Brick.Tools.Diagnosis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Brick.Worker.Cli;

/// <summary>
/// <c>brick-worker check</c>: one look at everything <c>run</c> needs, with <c>run</c>'s settings: the roots, each
/// program and its version, <c>multipathd</c> answering, the broker reachable with these credentials (and TLS), the
/// contract's exchanges and this host's queues with their message counts. A table, or <c>--output json</c>. Exit 0
/// when ready, 1 when not (each failed row says why), 2 for bad settings.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var settings = SettingOptions.ForCheck();
        var output = new Option<string>("--output")
        {
            Description = "table (default) or json (one object: ready, and each check with its status and detail).",
            DefaultValueFactory = _ => "table",
        }.AcceptOnlyFromAmong("table", "json");
        var command = new Command("check", "Check once that this host and the broker are ready for brick-worker run, and say why not.");
        command.Options.Add(output);
        settings.AddTo(command);
        command.SetAction((result, cancellationToken) =>
            RunAsync(settings.Read(result), result.GetValue(output) == "json", stdout, stderr, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(GivenSettings given, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        // The report is the output: the programs' own log lines only where the settings ask for them.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Warning" })
            .AddWorkerSettingsSources(given.Overrides)
            .Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddWorkerLogging(configuration, toStandardError: true)
            .AddExtendEngine()
            .AddWorkerDiagnosis()
            .AddEveryConcernsKeys()
            .BuildServiceProvider();
        if (!await SettingsProblems.NoneAsync(given, () => SettingsProblems.Check(services), stderr))
            return ExitCodes.InvalidInput;

        var diagnosis = await services.GetRequiredService<HostDiagnosis>().RunAsync(cancellationToken);
        await new CheckOutput(stdout, json).WriteAsync(diagnosis);
        return diagnosis.Ready ? ExitCodes.Succeeded : ExitCodes.Failed;
    }
}
