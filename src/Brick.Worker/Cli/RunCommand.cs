using System.CommandLine;
using System.Globalization;
using Brick.Worker.Service;
using Microsoft.Extensions.Hosting;

namespace Brick.Worker.Cli;

/// <summary>
/// <c>brick-worker run</c>: the per-host service. Settings come from <c>appsettings.json</c>, <c>Brick__*</c>
/// environment variables and, strongest, the options given on the command line (an option left out does not override).
/// Exit 0 after a graceful stop, 2 on bad settings (each named, no stack trace).
/// </summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stderr)
    {
        var host = new HostOptions();
        var options = new RunOptions(host);
        var command = new Command("run", "Run the per-host service: consume VolumeExtended from RabbitMQ, publish the outcomes.");
        host.AddTo(command);
        options.AddTo(command);
        command.SetAction(async result =>
        {
            IHost service;
            try
            {
                service = WorkerHost.Build(options.Overrides(result));
            }
            catch (SettingsException e)
            {
                await stderr.WriteLineAsync(e.Message);
                return ExtendCommand.InvalidInput;
            }

            await service.RunAsync();
            return 0;
        });
        return command;
    }

    /// <summary>The options of <c>run</c> (the shared host options and its own), each mapped to its setting.</summary>
    private sealed class RunOptions
    {
        private readonly List<(Option Option, string Key)> _map = [];
        private readonly List<Option> _own = [];

        public RunOptions(HostOptions host)
        {
            Map(host.Host, nameof(WorkerOptions.Host));
            Map(host.SysRoot, nameof(WorkerOptions.SysRoot));
            Map(host.DevRoot, nameof(WorkerOptions.DevRoot));
            Map(host.Multipathd, nameof(WorkerOptions.Multipathd));
            Map(host.Cryptsetup, nameof(WorkerOptions.Cryptsetup));
            Map(host.Losetup, nameof(WorkerOptions.Losetup));
            Map(host.CryptKeyDir, nameof(WorkerOptions.CryptKeyDirectory));
            Map(host.Timeout, nameof(WorkerOptions.OperationTimeout));
            Own(new Option<string>("--broker") { Description = "The broker URI, amqp:// or amqps:// (user:password@node:port/vhost). Default: amqp://localhost:5672/." },
                nameof(WorkerOptions.Broker));
            Own(new Option<string>("--queue-type") { Description = "Quorum (default) or Classic: the type of the worker queue when it is created." },
                nameof(WorkerOptions.QueueType));
            Own(new Option<string>("--output") { Description = "Envelope (default, MassTransit envelopes) or Raw (bare JSON) outcomes." }, nameof(WorkerOptions.Output));
            Own(new Option<string>("--log-format") { Description = "Human (default) or Json console logs." }, nameof(WorkerOptions.LogFormat));
            Own(new Option<int>("--max-concurrency") { Description = "How many volumes are worked on at once (default 4)." }, nameof(WorkerOptions.MaxConcurrency));
            Own(new Option<bool>("--simulate") { Description = "Work on a simulated host (a tree in a temp folder) instead of this machine's devices." },
                nameof(WorkerOptions.Simulate));
        }

        public void AddTo(Command command)
        {
            foreach (var option in _own)
                command.Options.Add(option);
        }

        public Dictionary<string, string?> Overrides(ParseResult result)
        {
            var overrides = new Dictionary<string, string?>();
            foreach (var (option, key) in _map)
            {
                if (result.GetResult(option) is not { Implicit: false } given)
                    continue;
                var value = given.GetValueOrDefault<object?>();
                overrides[$"{WorkerOptions.Section}:{key}"] = value switch
                {
                    double seconds => TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture),
                    IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                    _ => value?.ToString(),
                };
            }

            return overrides;
        }

        private void Map(Option option, string key) => _map.Add((option, key));

        private void Own(Option option, string key)
        {
            _own.Add(option);
            Map(option, key);
        }
    }
}
