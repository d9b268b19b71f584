using System.CommandLine;

namespace Brick.Worker.Cli;

/// <summary>The <c>brick-worker</c> command line: its commands, and usage errors answered with exit code 2.</summary>
internal static class BrickWorkerCli
{
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("brick-worker: makes this host's kernel see volumes that block storage has grown.")
        {
            ExtendCommand.Create(stdin, stdout, stderr),
            RunCommand.Create(stderr),
            BlockresizeCommand.Create(stderr),
            CinderBridgeCommand.Create(stderr),
            DemoCommand.Create(stdout, stderr),
            ReplayCommand.Create(stdout, stderr, stderrIsTerminal: ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected),
            CheckCommand.Create(stdout, stderr),
            DecommissionCommand.Create(stdout, stderr),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                await stderr.WriteLineAsync(error.Message);
            await stderr.WriteLineAsync("Run brick-worker --help for usage.");
            return ExitCodes.InvalidInput;
        }

        // The services (run, demo) stop gracefully on SIGTERM through the generic host: System.CommandLine must not
        // end the process first (its default gives an action 2 s after a signal).
        var service = parsed.CommandResult.Command.Name is "run" or "demo" or "blockresize" or "cinder-bridge";
        return await parsed.InvokeAsync(new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            ProcessTerminationTimeout = service ? null : new InvocationConfiguration().ProcessTerminationTimeout,
        });
    }
}
