using Dapper;
using Leercultuur.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leercultuur.Messaging.Inbox;

/// <summary>
/// Forgets processed message ids after <see cref="InboxOptions.Retention"/>, in batches, so the inbox
/// stays the size of the redelivery window instead of growing with every message ever consumed.
/// </summary>
public sealed class InboxCleaner<TOwner>(
    Database<TOwner> database,
    IOptions<MessagingOptions> messaging,
    TimeProvider time,
    ILogger<InboxCleaner<TOwner>> logger) : BackgroundService
{
    private readonly InboxStatements statements = new(database.Dialect);
    private readonly InboxOptions options = messaging.Value.Inbox;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CleanAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Cleaning the inbox of {Service} failed; it is tried again at the next interval", typeof(TOwner).Name);
            }

            try
            {
                await Task.Delay(options.CleanupInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Deletes every id older than the retention, a batch per statement; returns how many.</summary>
    public async Task<int> CleanAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - options.Retention;
        var total = 0;
        await using var connection = await database.OpenAsync(cancellationToken);
        int deleted;
        do
        {
            deleted = await connection.ExecuteAsync(new CommandDefinition(
                statements.DeleteProcessedBefore,
                new { before, batchSize = options.CleanupBatchSize },
                cancellationToken: cancellationToken));
            total += deleted;
        }
        while (deleted > 0);

        return total;
    }
}
