using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Brick.Service.Tests.Hostile;

/// <summary>
/// A logger provider that reads every log line the worker writes (the message, its properties, its scopes and the
/// exception's message) and counts those that are not <see cref="LogSafe"/>: a line a hostile message could forge.
/// </summary>
internal sealed class LogLineWatch : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _unsafe = new();
    private int _lines;

    /// <summary>The log lines seen.</summary>
    public int Lines => Volatile.Read(ref _lines);

    /// <summary>The lines (or scope values) that were not log-safe, the first 20 kept.</summary>
    public IReadOnlyList<string> Unsafe => [.. _unsafe];

    public int UnsafeCount { get; private set; }

    public ILogger CreateLogger(string categoryName) => new Watching(this);

    public void Dispose() { }

    private void Check(string? text, string where)
    {
        if (LogSafe.Is(text))
            return;
        lock (_unsafe)
        {
            UnsafeCount++;
            if (_unsafe.Count < 20)
                _unsafe.Enqueue($"{where}: {System.Text.Json.JsonSerializer.Serialize(text)}");
        }
    }

    private void CheckValues(object? state, string where)
    {
        if (state is not IEnumerable<KeyValuePair<string, object?>> values)
            return;
        foreach (var (key, value) in values)
        {
            if (value is string text)
                Check(text, $"{where} {key}");
        }
    }

    private sealed class Watching(LogLineWatch watch) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            watch.CheckValues(state, "scope");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            Interlocked.Increment(ref watch._lines);
            watch.Check(formatter(state, exception), "line");
            watch.CheckValues(state, "property");
            watch.Check(exception?.Message, "exception");
        }
    }
}
