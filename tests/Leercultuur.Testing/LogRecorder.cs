using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Leercultuur.Testing;

/// <summary>
/// Keeps every log entry a host writes, down to Debug, as the text an exporter would see: the formatted
/// message, every structured value, every scope value and the exception. Tests search it for what must
/// never be logged (tokens, secrets, personal data).
/// </summary>
public sealed class LogRecorder : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Entries => entries;

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Recorder(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var text = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
            Append(text, state);
            owner.scopes.ForEachScope((scope, builder) => Append(builder, scope), text);
            if (exception is not null)
            {
                text.Append(" | ").Append(exception);
            }

            owner.entries.Enqueue(text.ToString());
        }

        private static void Append(StringBuilder text, object? state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    text.Append(" | ").Append(key).Append('=').Append(value);
                }
            }
            else if (state is not null)
            {
                text.Append(" | ").Append(state);
            }
        }
    }
}
