using System.CommandLine;
using Brick.Service.Logging;
using Brick.Service.Settings;
using Brick.Tools.Replay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Brick.Worker.Cli;

/// <summary>
/// <c>brick-worker replay</c>: moves messages from a host's error queue (or <c>brick.unrouted</c>, or the fleet's
/// <c>brick.worker-dead-letter</c>, or a named queue)
/// back to <c>brick.volume-extended</c>, or publishes <c>VolumeExtended</c> events from a JSON-lines file. Exit 0 when
/// the run completed, 1 when the broker could not be used, a file line was bad or the broker refused a publish,
/// 2 for bad options or settings. Its settings are <c>run</c>'s, read and checked the same way (<c>--host</c> is
/// <c>Brick:Host</c>, <c>--broker</c> <c>Brick:Broker</c>).
/// </summary>
internal static class ReplayCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, bool stderrIsTerminal)
    {
        var settings = SettingOptions.ForReplay();
        var options = new ReplayOptions();
        var command = new Command("replay", "Move messages from a host's error queue (or brick.unrouted, or brick.worker-dead-letter) back to brick.volume-extended, or publish them from a file.");
        options.AddTo(command);
        settings.AddTo(command);
        command.SetAction((result, cancellationToken) =>
            RunAsync(settings.Read(result), options, result, stdout, stderr, stderrIsTerminal, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        GivenSettings given, ReplayOptions options, ParseResult result, TextWriter stdout, TextWriter stderr, bool stderrIsTerminal,
        CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddWorkerSettingsSources(given.Overrides).Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddWorkerLogging(configuration, toStandardError: true)
            .AddWorkerReplay()
            .AddEveryConcernsKeys()
            .BuildServiceProvider();
        HostSettings? worker = null;
        var settingsValid = await SettingsProblems.NoneAsync(given, () =>
        {
            SettingsProblems.Check(services);
            worker = services.GetRequiredService<IOptions<HostSettings>>().Value;
        }, stderr);
        var hostKey = $"{SettingsSection.Name}:{nameof(HostSettings.Host)}";
        var (read, problems) = options.Read(result, worker?.Host, given.OptionOf.ContainsKey(hostKey));
        foreach (var problem in problems)
            await stderr.WriteLineAsync(problem);
        if (!settingsValid || read is not { } settings)
            return ExitCodes.InvalidInput;

        var output = new ReplayOutput(stdout, settings.Json);
        var tally = new ReplayTally();
        ReplaySummary summary;
        await using (new ReplayProgress(tally, stderr, stderrIsTerminal, TimeProvider.System))
        {
            try
            {
                summary = settings.FromFile is { } file
                    ? await services.GetRequiredService<FileReplayer>()
                        .PublishAsync(file, settings.Plan.Filter, settings.Plan.Max, settings.Plan.DryRun, tally, output.MessageAsync, cancellationToken)
                    : await services.GetRequiredService<Replayer>()
                        .ReplayAsync(settings.Plan, tally, output.MessageAsync, cancellationToken);
            }
            catch (ReplayFailedException e)
            {
                if (tally.Snapshot().Examined > 0)
                    await output.SummaryAsync(tally.Snapshot(), settings.Plan.DryRun, "stopped by a broker error");
                await stderr.WriteLineAsync(e.Message);
                return ExitCodes.Failed;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await output.SummaryAsync(tally.Snapshot(), settings.Plan.DryRun, "interrupted: every message not moved is still in the source");
                return ExitCodes.Failed;
            }
        }

        if (summary.NoSource is { } noSource)
            await stderr.WriteLineAsync(noSource);
        await output.SummaryAsync(summary, settings.Plan.DryRun);
        return summary.Refused > 0 || settings.FromFile is not null && summary.Invalid > 0 ? ExitCodes.Failed : ExitCodes.Succeeded;
    }

    /// <summary>Validated options of one replay.</summary>
    private sealed record ReplaySettings(ReplayPlan Plan, string? FromFile, bool Json);

    /// <summary>The options of <c>replay</c>, exactly as documented.</summary>
    private sealed class ReplayOptions
    {
        private readonly Option<string?> _source = new("--source")
        {
            Description = "error (default: brick-worker.<host>_error), unrouted (brick.unrouted), dead-letter (brick.worker-dead-letter, every host's dead letters), or a queue name.",
        };

        private readonly Option<string[]> _volume = new("--volume")
        {
            Description = "Take only this volume's messages (repeatable).",
        };

        private readonly Option<string[]> _reason = new("--reason")
        {
            Description = "Take only messages that failed for this reason (repeatable), e.g. RescanTimeout or OutcomeNotPublished.",
        };

        private readonly Option<string?> _olderThan = new("--older-than")
        {
            Description = "Take only messages that have waited at least this long: 90s, 15m, 2h, 3d, 1h30m or hh:mm:ss.",
        };

        private readonly Option<int?> _max = new("--max") { Description = "Move at most N messages." };

        private readonly Option<bool> _dryRun = new("--dry-run") { Description = "List what would move (volume, host, reason, size, age, times replayed); move nothing." };

        private readonly Option<string> _output = new Option<string>("--output")
        {
            Description = "table (default) or json (one object per message, then the counts).",
            DefaultValueFactory = _ => "table",
        }.AcceptOnlyFromAmong("table", "json");

        private readonly Option<string?> _fromFile = new("--from-file")
        {
            Description = "Publish VolumeExtended events from this JSON-lines file instead; each line is validated first.",
        };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _source, _volume, _reason, _olderThan, _max, _dryRun, _output, _fromFile })
                command.Options.Add(option);
        }

        /// <summary>
        /// The replay's own options, read for <paramref name="host"/> (the setting <c>Brick:Host</c>, null when the
        /// settings are bad: its problems are then the settings' to name, and nothing is planned); <paramref name="hostGiven"/>
        /// when <c>--host</c> was typed, which makes it a filter on a shared source.
        /// </summary>
        public (ReplaySettings?, IReadOnlyList<string>) Read(ParseResult result, string? host, bool hostGiven)
        {
            var problems = new List<string>();

            var fromFile = result.GetValue(_fromFile);
            var sourceText = result.GetValue(_source);
            var source = ReplaySource.Parse(sourceText, host ?? "", out var sourceError);
            if (sourceError is not null)
                problems.Add(sourceError);

            var volumes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var volume in result.GetValue(_volume) ?? [])
            {
                if (volume.Length is < 1 or > 64 || !volume.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
                    problems.Add($"--volume '{volume}' is not a volume id (1 to 64 characters of [A-Za-z0-9._-]).");
                else
                    volumes.Add(volume);
            }

            var reasons = ReplayFilter.ParseReasons(result.GetValue(_reason) ?? [], out var reasonError);
            if (reasonError is not null)
                problems.Add(reasonError);

            TimeSpan? olderThan = null;
            if (result.GetValue(_olderThan) is { } olderText && (olderThan = DurationText.Parse(olderText)) is null)
                problems.Add($"--older-than '{olderText}' is not a duration such as 90s, 15m, 2h, 3d, 1h30m or hh:mm:ss.");

            var max = result.GetValue(_max);
            if (max is < 1)
                problems.Add("--max must be at least 1.");

            if (fromFile is not null)
            {
                foreach (var (option, given) in new (string, bool)[]
                         {
                             ("--source", sourceText is not null), ("--reason", reasons is { Count: > 0 }), ("--older-than", olderThan is not null),
                         })
                {
                    if (given)
                        problems.Add($"{option} does not apply to --from-file (a file has no queue, no failure reason and no age of its own).");
                }

                if (!File.Exists(fromFile))
                    problems.Add($"--from-file {fromFile} is not a file.");
            }

            if (problems.Count > 0 || host is null)
                return (null, problems);

            // The error queue is the host's own: only its messages are replayed from it, to it (the replayer leaves any
            // other, e.g. a Misrouted one, in place as other-host). Any other source (brick.unrouted, the fleet's
            // dead-letter queue, a queue named outright, a file) is shared, and --host, where given, picks that host's
            // messages from it.
            var hostFilter = fromFile is not null ? (hostGiven ? host : null) : source!.HostFilter(host, hostGiven);
            var filter = new ReplayFilter(volumes, reasons!, olderThan, hostFilter);
            var plan = new ReplayPlan(source!, filter, max, result.GetValue(_dryRun));
            return (new ReplaySettings(plan, fromFile, result.GetValue(_output) == "json"), problems);
        }
    }
}
