using System.Net.Sockets;
using Brick.Contracts;
using Brick.Engine.Requests;
using Brick.Service.Logging;
using Brick.Service.Messaging;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Brick.Service.Tests.Logging;

/// <summary>Expected failures are one line, their stack traces only at Debug level; a bug keeps its trace.</summary>
public sealed class OneLineFailuresTests
{
    private static LogEvent Log(Exception exception, bool traces)
    {
        var sink = new Collected();
        using var logger = new LoggerConfiguration().WriteTo.Sink(new OneLineFailures(sink) { Traces = traces }).CreateLogger();
        logger.Warning(exception, "Connection Failed: {InputAddress}", "rabbitmq://localhost/");
        return Assert.Single(sink.Events);
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    [Fact]
    public void A_broker_that_is_down_is_one_line_saying_why()
    {
        var down = Thrown(new MassTransit.RabbitMqConnectionException("Broker unreachable: guest@localhost:5672/",
            new RabbitMQ.Client.Exceptions.BrokerUnreachableException(new SocketException((int)SocketError.ConnectionRefused))));

        var line = Log(down, traces: false);

        Assert.Null(line.Exception);
        Assert.Equal("Connection Failed: \"rabbitmq://localhost/\": Connection refused", line.RenderMessage());
    }

    [Fact]
    public void A_failed_request_is_one_line_with_its_detail()
    {
        var failure = new HostVolumeResizeFailed("v", "compute-07", null, 1024, null, ResizeFailureReason.Misrouted,
            "The request is for host compute-08, this is compute-07.", [], false, null, DateTimeOffset.UnixEpoch);
        var failed = Thrown(new AggregateException(new RequestFailedException(failure, RequestIdentity.Unknown)));

        var line = Log(failed, traces: false);

        Assert.Null(line.Exception);
        Assert.EndsWith(": The request is for host compute-08, this is compute-07.", line.RenderMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void At_debug_level_an_expected_failure_keeps_its_trace()
    {
        var down = Thrown(new SocketException((int)SocketError.ConnectionRefused));

        Assert.Same(down, Log(down, traces: true).Exception);
    }

    [Fact]
    public void A_bug_keeps_its_trace()
    {
        var bug = Thrown(new NullReferenceException());

        Assert.Same(bug, Log(bug, traces: false).Exception);
    }

    private sealed class Collected : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
