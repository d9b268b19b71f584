using System.CommandLine;
using System.Globalization;
using Brick.Worker.Service;
using Microsoft.Extensions.Hosting;

namespace Brick.Worker.Cli;

/// <summary>
/// <c>brick-worker run</c>: the per-host service. Settings come from <c>appsettings.json</c>, <c>Brick__*</c>
/// environment variables and, strongest, the options given on the command line (an option left out does not override).
/// </summary>
internal static class RunCommand
{
    public static Command Create(TextWriter error)
    {
        var options = new RunOptions();
        var command = new Command("run", "Run the per-host service: consume VolumeExtended from RabbitMQ, publish the outcomes.");
        options.AddTo(command);
        command.SetAction(async result =>
        {
            IHost host;
            try
            {
                host = WorkerHost.Build(options.Overrides(result));
            }
            catch (SettingsException e)
            {
                await error.WriteLineAsync(e.Message);
                return 2;
            }

            await host.RunAsync();
            return 0;
        });
        return command;
    }

    /// <summary>The options of <c>run</c>, each mapped to its setting.</summary>
    private sealed class RunOptions
    {
        private readonly List<(Option Option, string Key)> _map = [];

        public RunOptions()
        {
            Add(new Option<string>("--host") { Description = "This host's name. Default: the machine's name." }, nameof(WorkerOptions.Host));
            Add(new Option<string>("--sys-root") { Description = "The directory that stands for /sys." }, nameof(WorkerOptions.SysRoot));
            Add(new Option<string>("--dev-root") { Description = "The directory that stands for /dev." }, nameof(WorkerOptions.DevRoot));
            Add(new Option<string>("--multipathd") { Description = "The multipathd program." }, nameof(WorkerOptions.Multipathd));
            Add(new Option<string>("--cryptsetup") { Description = "The cryptsetup program." }, nameof(WorkerOptions.Cryptsetup));
            Add(new Option<string>("--losetup") { Description = "The losetup program." }, nameof(WorkerOptions.Losetup));
            Add(new Option<string>("--crypt-key-dir") { Description = "A directory of key files NAME.key for dm-crypt mappings." },
                nameof(WorkerOptions.CryptKeyDirectory));
            Add(new Option<double>("--timeout") { Description = "The limit on one whole operation, in seconds." }, nameof(WorkerOptions.OperationTimeout));
            Add(new Option<string>("--broker") { Description = "The broker URI, amqp:// or amqps://. Default: amqp://localhost:5672/." },
                nameof(WorkerOptions.Broker));
            Add(new Option<string>("--queue-type") { Description = "Quorum (default) or Classic, for a queue created now." }, nameof(WorkerOptions.QueueType));
            Add(new Option<string>("--output") { Description = "Envelope (default) or Raw JSON outcomes." }, nameof(WorkerOptions.Output));
            Add(new Option<string>("--log-format") { Description = "Human (default) or Json." }, nameof(WorkerOptions.LogFormat));
            Add(new Option<int>("--max-concurrency") { Description = "How many volumes are worked on at once." }, nameof(WorkerOptions.MaxConcurrency));
            Add(new Option<bool>("--simulate") { Description = "Work on a simulated host instead of this machine's devices." }, nameof(WorkerOptions.Simulate));
        }

        public void AddTo(Command command)
        {
            foreach (var (option, _) in _map)
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

        private void Add(Option option, string key) => _map.Add((option, key));
    }
}
