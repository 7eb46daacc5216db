using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;

namespace Leercultuur.Data;

/// <summary>
/// DbUp's output through the host's logging (at debug level: it names servers and databases), never
/// straight to standard output.
/// </summary>
internal sealed class DbUpLog(ILogger logger) : IUpgradeLog
{
    public void LogTrace(string format, params object[] args) => Write(LogLevel.Trace, null, format, args);

    public void LogDebug(string format, params object[] args) => Write(LogLevel.Debug, null, format, args);

    public void LogInformation(string format, params object[] args) => Write(LogLevel.Debug, null, format, args);

    public void LogWarning(string format, params object[] args) => Write(LogLevel.Warning, null, format, args);

    public void LogError(string format, params object[] args) => Write(LogLevel.Error, null, format, args);

    public void LogError(Exception ex, string format, params object[] args) => Write(LogLevel.Error, ex, format, args);

    private void Write(LogLevel level, Exception? exception, string format, object[] args)
    {
        if (!logger.IsEnabled(level))
        {
            return;
        }

        // DbUp formats with {0}-style placeholders; connection strings it passes are already masked.
        var message = args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
        logger.Log(level, exception, "DbUp: {Message}", message);
    }
}
