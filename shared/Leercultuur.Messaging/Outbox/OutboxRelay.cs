using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Leercultuur.Data;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Leercultuur.Messaging.Outbox;

/// <summary>
/// Publishes the outbox rows of the service <typeparamref name="TOwner"/>: claims a batch under a lease,
/// publishes each row (with publisher confirms on RabbitMQ), then marks the batch sent in one statement.
/// Safe with several instances: claims are disjoint, and a dead relay's claim expires with its lease.
/// A crash between publish and mark means the batch is published again: at-least-once, deduplicated by
/// consumers' inboxes. One mark per batch instead of per row keeps a backlog's cost near a plain publish.
/// </summary>
public sealed class OutboxRelay<TOwner>(
    Database<TOwner> database,
    IBus bus,
    OutboxSignal<TOwner> signal,
    MessagingOptions options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<OutboxRelay<TOwner>> logger) : BackgroundService
{
    private readonly OutboxStatements statements = new(database.Dialect);
    private static readonly string ServiceName = typeof(TOwner).Name;
    private readonly string owner = OwnerName();

    // One pass at a time per relay: the batch mark covers every row this owner holds.
    private readonly SemaphoreSlim pass = new(1, 1);
    private DateTimeOffset nextCleanup = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The bus starts as another hosted service; publishing before it runs would only fail and back off.
        if (!await HostStartedAsync(stoppingToken))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await RelayOnceAsync(stoppingToken);
                if (published >= options.Outbox.BatchSize)
                {
                    continue; // more may be waiting
                }

                await CleanUpAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Outbox relay pass for {Service} failed", ServiceName);
            }

            try
            {
                await signal.WaitAsync(options.Outbox.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> HostStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One pass: claim, publish, mark. Returns how many rows were published.</summary>
    public async Task<int> RelayOnceAsync(CancellationToken cancellationToken)
    {
        await pass.WaitAsync(cancellationToken);
        try
        {
            return await RelayBatchAsync(cancellationToken);
        }
        finally
        {
            pass.Release();
        }
    }

    private async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<OutboxRow> claimed;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            claimed = (await connection.QueryAsync<OutboxRow>(new CommandDefinition(
                statements.Claim,
                new { batchSize = options.Outbox.BatchSize, owner, now, lockedUntil = now + options.Outbox.LeaseDuration },
                cancellationToken: cancellationToken))).OrderBy(r => r.Id).ToList();
        }

        var published = 0;
        foreach (var row in claimed)
        {
            if (await PublishAsync(row, cancellationToken))
            {
                published++;
            }
        }

        if (published > 0)
        {
            // Not cancellable: what the broker confirmed must be recorded, or it is sent again.
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await connection.ExecuteAsync(statements.MarkClaimedSent, new { now = time.GetUtcNow(), owner });
            OutboxTelemetry.Published.Add(published, new KeyValuePair<string, object?>("service", ServiceName));
        }

        return published;
    }

    private async Task<bool> PublishAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(row.TraceParent, row.TraceState, out var parent);
        using var activity = OutboxTelemetry.Source.StartActivity("outbox publish", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", row.MessageId.ToString());
        activity?.SetTag("messaging.message.type", row.MessageType);
        try
        {
            var type = ContractTypes.Resolve(row.MessageType);
            var message = JsonSerializer.Deserialize(row.Body, type, MessageJson.Options)
                ?? throw new InvalidOperationException($"Outbox row {row.Id} has an empty body.");
            await bus.Publish(message, type, Pipe.Execute<PublishContext>(context => context.MessageId = row.MessageId), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            OutboxTelemetry.Failed.Add(1, new KeyValuePair<string, object?>("service", ServiceName));
            logger.LogWarning(exception, "Publishing outbox row {OutboxId} ({MessageType}) failed on attempt {Attempt}", row.Id, row.MessageType, row.Attempts);
            await ReleaseAsync(row, cancellationToken);
            return false;
        }

        return true;
    }

    private async Task ReleaseAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        // Back off by attempt so a broker outage does not turn into a hot loop.
        var delay = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(row.Attempts, 6))));
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(statements.Release, new { retryAt = time.GetUtcNow() + delay, id = row.Id, owner });
    }

    // Unique per relay instance, short enough for the locked_by column.
    private static string OwnerName()
    {
        var name = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        return name.Length <= 64 ? name : name[^64..];
    }

    private async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now < nextCleanup)
        {
            return;
        }

        nextCleanup = now + TimeSpan.FromHours(1);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(statements.DeleteSentBefore, new { before = now - options.Outbox.SentRetention }, cancellationToken: cancellationToken));
    }
}
