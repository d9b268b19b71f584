using System.Diagnostics;
using Brick.Service.Settings;
using Serilog.Core;
using Serilog.Events;

namespace Brick.Service.Logging;

/// <summary>
/// The last step before a line is written: every string property and the exception's text pass through
/// <see cref="Secrets.Scrub"/>, so that no credential reaches a log line, whoever wrote the message (MassTransit's
/// connection errors name <c>user@node</c>, RabbitMQ's refusals <c>user 'name'</c>).
/// </summary>
internal sealed class ScrubbedSecrets(ILogEventSink sink) : ILogEventSink
{
    /// <inheritdoc />
    public void Emit(LogEvent logEvent) => sink.Emit(new LogEvent(
        logEvent.Timestamp,
        logEvent.Level,
        logEvent.Exception is { } exception ? new ScrubbedException(exception) : null,
        logEvent.MessageTemplate,
        logEvent.Properties.Select(p => new LogEventProperty(p.Key, Scrub(p.Value))),
        logEvent.TraceId ?? default(ActivityTraceId),
        logEvent.SpanId ?? default(ActivitySpanId)));

    private static LogEventPropertyValue Scrub(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string text } => new ScalarValue(Secrets.Scrub(text)),
        ScalarValue { Value: Uri uri } => new ScalarValue(Secrets.Scrub(uri.ToString())),
        ScalarValue { Value: Exception e } => new ScalarValue(Secrets.Scrub(e.ToString())),
        SequenceValue sequence => new SequenceValue(sequence.Elements.Select(Scrub)),
        StructureValue structure => new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, Scrub(p.Value))), structure.TypeTag),
        DictionaryValue dictionary => new DictionaryValue(dictionary.Elements.Select(e => KeyValuePair.Create(e.Key, Scrub(e.Value)))),
        _ => value,
    };

    /// <summary>An exception as it is written: its message and its whole text scrubbed.</summary>
    private sealed class ScrubbedException(Exception original) : Exception(Secrets.Scrub(original.Message))
    {
        public override string? StackTrace => null;

        public override string ToString() => Secrets.Scrub(original.ToString());
    }
}
