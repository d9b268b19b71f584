using System.CommandLine;
using System.Text.Json;
using Brick.Contracts;
using Brick.Engine.Programs;
using Brick.Engine.Operations;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;
using Microsoft.Extensions.Logging;

namespace Brick.Worker.Cli;

/// <summary>
/// <c>brick-worker extend</c>: reads one <c>VolumeExtended</c>, runs the engine on this host, prints the outcome
/// (<c>HostVolumeResized</c> or <c>HostVolumeResizeFailed</c>) as one JSON object on stdout; logs go to stderr.
/// Exit 0 on success, 1 on a failed resize, 2 on invalid input.
/// </summary>
internal static class ExtendCommand
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int InvalidInput = 2;

    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var host = new HostOptions();
        var request = new Option<string>("--request")
        {
            Description = "The VolumeExtended JSON file, or - for stdin.",
            DefaultValueFactory = _ => "-",
        };
        var command = new Command("extend", "Make this host's kernel see one grown volume, and print the outcome as JSON.");
        command.Options.Add(request);
        host.AddTo(command);
        command.SetAction((result, cancellationToken) =>
            RunAsync(result.GetValue(request)!, host.Read(result), stdin, stdout, stderr, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        string source,
        (HostSettings? Settings, IReadOnlyList<string> Problems) read,
        TextReader stdin,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken)
    {
        if (read.Settings is not { } settings)
        {
            foreach (var problem in read.Problems)
                await stderr.WriteLineAsync(problem);
            return InvalidInput;
        }

        byte[] body;
        try
        {
            body = await RequestInput.ReadAsync(source, stdin, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"Could not read the request {source}: {e.Message}");
            return InvalidInput;
        }

        using var loggers = CliLogging.CreateStandardErrorFactory();
        var validation = RequestInput.Validate(body, new RequestValidator(settings.Host));
        if (validation.Request is not { } valid)
        {
            loggers.CreateLogger("brick-worker").LogWarning("Rejected: {Reason}: {Detail}", validation.Reason, validation.Detail);
            await Print(stdout, OutcomeMessages.Rejected(validation, settings.Host, null, DateTimeOffset.UtcNow));
            return InvalidInput;
        }

        var engine = new VolumeExtender(
            settings.Roots, settings.Commands, new CliWrapCommandRunner(loggers.CreateLogger<CliWrapCommandRunner>()),
            settings.Engine, TimeProvider.System, loggers.CreateLogger<VolumeExtender>());
        var outcome = await engine.ExtendAsync(valid, cancellationToken);
        foreach (var step in outcome.Steps)
            await stderr.WriteLineAsync($"  {step.Name,-13} {step.Duration.TotalMilliseconds,8:0.0} ms  {step.Result}");

        if (outcome.Succeeded)
        {
            await Print(stdout, OutcomeMessages.Resized(valid, outcome, null, DateTimeOffset.UtcNow));
            return Succeeded;
        }

        await Print(stdout, OutcomeMessages.Failed(valid, outcome, null, DateTimeOffset.UtcNow));
        return Failed;
    }

    private static async Task Print<T>(TextWriter stdout, T message)
    {
        await stdout.WriteLineAsync(JsonSerializer.Serialize(message, ContractJson.Options));
        await stdout.FlushAsync();
    }
}
