using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace Brick.Service.Logging;

/// <summary>
/// Lines for journald (under systemd): each event on one line, its syslog priority first (<c>&lt;6&gt;</c>
/// information, <c>&lt;4&gt;</c> warning, …, which journald reads as the entry's priority), no colours and no time
/// (journald stamps each line). An exception is folded onto the same line.
/// </summary>
internal sealed class JournaldFormatter : ITextFormatter
{
    private readonly MessageTemplateTextFormatter _message =
        new("{Message:lj}{Request} <{SourceContext}>", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        _message.Format(logEvent, text);
        if (logEvent.Exception is { } exception)
            text.Write($" {exception}");
        output.Write($"<{Priority(logEvent.Level)}>");
        output.Write(OneLine(text.ToString()));
        output.Write('\n');
    }

    /// <summary>The syslog priority of a Serilog level.</summary>
    public static int Priority(LogEventLevel level) => level switch
    {
        LogEventLevel.Fatal => 2,
        LogEventLevel.Error => 3,
        LogEventLevel.Warning => 4,
        LogEventLevel.Information => 6,
        _ => 7,
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" | ").TrimEnd(' ', '|');
}
