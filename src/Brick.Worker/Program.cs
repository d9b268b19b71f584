using Brick.Worker.Cli;

// Brick.Worker does not send MassTransit's anonymous usage telemetry.
Environment.SetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY", "false");

return await BrickWorkerCli.RunAsync(args, Console.In, Console.Out, Console.Error);
