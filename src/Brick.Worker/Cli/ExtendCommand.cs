using System.CommandLine;
using System.Text.Json;
using Brick.Contracts;
using Brick.Engine.Operations;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;
using Brick.Service.Composition;
using Brick.Service.Inbound;
using Brick.Service.Logging;
using Brick.Service.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Brick.Worker.Cli;

/// <summary>
/// <c>brick-worker extend</c>: reads one <c>VolumeExtended</c>, runs the engine on this host, prints the outcome
/// (<c>HostVolumeResized</c> or <c>HostVolumeResizeFailed</c>) as one JSON object on stdout; logs go to stderr.
/// Its settings are read and checked as <c>run</c>'s (<c>appsettings.json</c>, <c>Brick__*</c>, then its options).
/// Exit 0 on success, 1 on a failed resize, 2 on invalid input.
/// </summary>
internal static class ExtendCommand
{
    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var settings = SettingOptions.ForEngine();
        var request = new Option<string>("--request")
        {
            Description = "The VolumeExtended JSON file, or - for stdin.",
            DefaultValueFactory = _ => "-",
        };
        var command = new Command("extend", "Make this host's kernel see one grown volume, and print the outcome as JSON.");
        command.Options.Add(request);
        settings.AddTo(command);
        command.SetAction((result, cancellationToken) =>
            RunAsync(result.GetValue(request)!, settings.Read(result), stdin, stdout, stderr, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        string source, GivenSettings given, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddWorkerSettingsSources(given.Overrides).Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddWorkerLogging(configuration, toStandardError: true)
            .AddExtendEngine()
            .AddEveryConcernsKeys()
            .BuildServiceProvider();
        if (!await SettingsProblems.NoneAsync(given, () => SettingsProblems.Check(services), stderr))
            return ExitCodes.InvalidInput;

        var maxBytes = services.GetRequiredService<IOptions<EndpointSettings>>().Value.MaxMessageBytes;
        byte[] body;
        try
        {
            body = await RequestInput.ReadAsync(source, maxBytes, stdin, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"Could not read the request {source}: {e.Message}");
            return ExitCodes.InvalidInput;
        }

        var validator = services.GetRequiredService<RequestValidator>();
        var validation = InboundReader.Read(body, maxBytes).Validate(validator);
        if (validation.Request is not { } valid)
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("brick-worker");
            using (RequestLogScope.Begin(logger, validation.Identity))
                logger.LogWarning("Rejected: {Reason}: {Detail}", validation.Reason, validation.Detail);
            await Print(stdout, OutcomeMessages.Rejected(validation, validator.HostName, null, DateTimeOffset.UtcNow));
            return ExitCodes.InvalidInput;
        }

        var outcome = await services.GetRequiredService<IVolumeExtender>().ExtendAsync(valid, cancellationToken);
        foreach (var step in outcome.Steps)
            await stderr.WriteLineAsync($"  {step.Name,-13} {step.Duration.TotalMilliseconds,8:0.0} ms  {step.Result}");

        if (outcome.Succeeded)
        {
            await Print(stdout, OutcomeMessages.Resized(valid, outcome, null, DateTimeOffset.UtcNow));
            return ExitCodes.Succeeded;
        }

        await Print(stdout, OutcomeMessages.Failed(valid, outcome, null, DateTimeOffset.UtcNow));
        return ExitCodes.Failed;
    }

    private static async Task Print<T>(TextWriter stdout, T message)
    {
        await stdout.WriteLineAsync(JsonSerializer.Serialize(message, ContractJson.Options));
        await stdout.FlushAsync();
    }
}
