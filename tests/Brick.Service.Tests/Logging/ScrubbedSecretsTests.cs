using Brick.Service.Logging;
using Brick.Service.Settings;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Brick.Service.Tests.Logging;

/// <summary>No log line carries a credential, in its text, its properties or its exception.</summary>
[Collection(ProcessWideState.Name)]
public sealed class ScrubbedSecretsTests
{
    private const string Password = "Log-Line-Secret-77";

    [Fact]
    public void A_password_in_a_property_a_message_and_an_exception_is_masked_in_the_written_line()
    {
        Secrets.Remember(Password);
        var sink = new Collected();
        using (var logger = new LoggerConfiguration().WriteTo.Sink(new ScrubbedSecrets(sink)).CreateLogger())
        {
            logger.Error(
                new InvalidOperationException($"cannot connect to amqp://brick:{Password}@rabbit:5672/"),
                "Connect failed for {User} on {Broker} with {Parts}", "user 'brick'", $"brick:{Password}@rabbit:5672", new[] { Password });
        }

        var line = new StringWriter();
        new CompactJsonFormatter().Format(Assert.Single(sink.Events), line);
        Assert.DoesNotContain(Password, line.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("brick:", line.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", line.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_worker_s_logger_masks_them_too()
    {
        Secrets.Remember(Password);
        var written = new StringWriter();
        var original = Console.Out;
        Console.SetOut(written);
        try
        {
            using var logger = LoggingSetup.Create(new ConfigurationBuilder().Build(), LogFormat.Json);
            logger.Warning(new IOException($"refused for user 'brick' with {Password}"), "Bus start faulted: {HostAddress}", $"amqp://brick:{Password}@rabbit/");
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Contains("Bus start faulted", written.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, written.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("'brick'", written.ToString(), StringComparison.Ordinal);
    }

    private sealed class Collected : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
