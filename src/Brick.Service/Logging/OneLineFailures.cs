using System.Diagnostics;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace Brick.Service.Logging;

/// <summary>
/// Writes an event whose exception is an expected failure (<see cref="ExpectedFailures"/>) as one line: the message,
/// then ": " and what the failure says, without the stack trace, unless <see cref="Traces"/> (Debug level) is on.
/// Other exceptions keep their trace: they are bugs to look into.
/// </summary>
internal sealed class OneLineFailures(ILogEventSink sink) : ILogEventSink
{
    private static readonly MessageTemplateParser Parser = new();

    /// <summary>Whether stack traces are written after all (Debug level asked for).</summary>
    public bool Traces { get; init; }

    /// <inheritdoc />
    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Exception is { } exception && !Traces && ExpectedFailures.Includes(exception))
        {
            logEvent = new LogEvent(
                logEvent.Timestamp,
                logEvent.Level,
                null,
                Parser.Parse(logEvent.MessageTemplate.Text + ": {Failure:l}"),
                logEvent.Properties.Select(p => new LogEventProperty(p.Key, p.Value))
                    .Append(new LogEventProperty("Failure", new ScalarValue(ExpectedFailures.Describe(exception)))),
                logEvent.TraceId ?? default(ActivityTraceId),
                logEvent.SpanId ?? default(ActivitySpanId));
        }

        sink.Emit(logEvent);
    }
}
