using System.CommandLine;
using Brick.Worker.Cli;

// Brick.Worker does not send MassTransit's anonymous usage telemetry.
Environment.SetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY", "false");

var root = new RootCommand("brick-worker: makes this host's kernel see grown volumes.");
root.Subcommands.Add(RunCommand.Create(Console.Error));

// The generic host handles SIGTERM itself (graceful stop); System.CommandLine must not kill the process first.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
