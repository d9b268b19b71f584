using System.CommandLine;
using Brick.Service.Logging;
using Brick.Service.Settings;
using Brick.Tools.Decommission;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Brick.Worker.Cli;

/// <summary>
/// <c>brick-worker decommission --host HOST --save FILE</c>: removes a host that left the fleet from the broker (its
/// queues and exchanges), writing every message they held to FILE first (<see cref="HostDecommissioner"/>).
/// <c>--dry-run</c> lists what it would remove. Exit 0 when done, 1 when the broker could not be used, a queue has a
/// consumer or could not be deleted (what was left is said), 2 for bad options or settings.
/// </summary>
internal static class DecommissionCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var settings = SettingOptions.ForDecommission();
        var save = new Option<string?>("--save") { Description = "The file (new) each message of the host's queues is written to, one JSON object per line, before it is removed." };
        var dryRun = new Option<bool>("--dry-run") { Description = "List the host's queues, their messages and consumers; remove nothing." };
        var command = new Command("decommission", "Remove a host that left the fleet from the broker: its queues and exchanges, its messages saved to a file first.");
        command.Options.Add(save);
        command.Options.Add(dryRun);
        settings.AddTo(command);
        command.SetAction((result, cancellationToken) =>
            RunAsync(settings.Read(result), result.GetValue(save), result.GetValue(dryRun), stdout, stderr, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(GivenSettings given, string? save, bool dryRun, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddWorkerSettingsSources(given.Overrides).Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddWorkerLogging(configuration, toStandardError: true)
            .AddHostDecommission()
            .AddEveryConcernsKeys()
            .BuildServiceProvider();
        HostSettings? worker = null;
        if (!await SettingsProblems.NoneAsync(given, () =>
        {
            SettingsProblems.Check(services);
            worker = services.GetRequiredService<IOptions<HostSettings>>().Value;
        }, stderr))
            return ExitCodes.InvalidInput;
        if (!given.OptionOf.ContainsKey($"{SettingsSection.Name}:{nameof(HostSettings.Host)}"))
        {
            // The default host is this machine: a decommission names the host it removes.
            await stderr.WriteLineAsync("--host is needed: the host whose queues and exchanges are removed.");
            return ExitCodes.InvalidInput;
        }

        if (!dryRun && save is null)
        {
            await stderr.WriteLineAsync("--save FILE is needed (or --dry-run): the host's messages are written there before they are removed.");
            return ExitCodes.InvalidInput;
        }

        var entities = new HostEntities(worker!.Host);
        try
        {
            var reports = await services.GetRequiredService<HostDecommissioner>().RunAsync(entities, save, dryRun, cancellationToken);
            foreach (var queue in reports)
                await stdout.WriteLineAsync(Line(queue, dryRun));
            var saved = reports.Sum(q => q.Saved);
            await stdout.WriteLineAsync(dryRun
                ? $"Dry run: {reports.Count(q => q.Existed)} queue(s) of {entities.Host}, {reports.Sum(q => q.Messages)} message(s); nothing removed."
                : $"Removed {reports.Count(q => q.Deleted)} queue(s) and the exchanges of {entities.Host}; {saved} message(s) saved to {save}.");
            return ExitCodes.Succeeded;
        }
        catch (DecommissionFailedException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return ExitCodes.Failed;
        }
    }

    private static string Line(QueueReport queue, bool dryRun) => queue switch
    {
        { Existed: false } => $"{queue.Queue}: none",
        _ when dryRun => $"{queue.Queue}: {queue.Messages} message(s), {queue.Consumers} consumer(s)",
        _ => $"{queue.Queue}: {queue.Saved} message(s) saved, deleted",
    };
}
