using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Brick.Worker.IntegrationTests;

/// <summary>Every log line's rendered message, for the test's own host or type only (its own logger factory).</summary>
public sealed class LineCapture(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Lines(lines);

    public void Dispose()
    {
    }

    private sealed class Lines(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}
