using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Leercultuur.Data;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leercultuur.Messaging.Outbox;

/// <summary>
/// Publishes the outbox rows of the service <typeparamref name="TOwner"/>. A pass claims a batch under a
/// lease, publishes the rows in order (with publisher confirms on RabbitMQ, several in flight at once),
/// and then marks exactly the rows the broker confirmed as sent, by id, in one statement.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Several relays may run: claims are disjoint, and a dead relay's claim expires with its lease.
/// A crash between publish and mark publishes the row again: at-least-once, deduplicated by consumers' inboxes.</item>
/// <item>Every publish has a timeout, and a pass stops publishing well before its lease ends, so a hung
/// broker never lets a lease run out under a publish that another relay then repeats.</item>
/// <item>A broker fault (down, unreachable, slow, refusing) on a row is judged by the next row: if the
/// broker takes that one, the broker refused this row and the failure counts against it; if not, the
/// broker is out, the pass stops (the outbox keeps its order) and the rest of the batch is released
/// without counting against any row. A row that fails for what it is (it cannot be read, the broker
/// refuses it) is held back with a growing delay and, after <see cref="OutboxOptions.MaxAttempts"/>,
/// moved to the dead-letter state with the error.</item>
/// <item>A host that stops in the middle of a pass still marks what the broker confirmed.</item>
/// <item>Through a backlog the loop's passes overlap: the next batch is claimed while one is published, and a
/// pass's marks are written while the next one publishes. A pass that stops early gives the batch claimed
/// ahead back with its own untried rows, so no row waits for a lease.</item>
/// </list>
/// </remarks>
public sealed class OutboxRelay<TOwner>(
    Database<TOwner> database,
    IBus bus,
    OutboxSignal<TOwner> signal,
    IOptions<MessagingOptions> messaging,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<OutboxRelay<TOwner>> logger) : BackgroundService
{
    private const int MaxErrorLength = 2000;
    private static readonly string ServiceName = typeof(TOwner).Name;
    private static readonly KeyValuePair<string, object?> ServiceTag = new("service", ServiceName);
    private readonly OutboxStatements statements = new(database.Dialect);
    private readonly OutboxOptions options = messaging.Value.Outbox;
    private readonly string owner = OwnerName();
    private readonly SemaphoreSlim pass = new(1, 1);

    // The publish window the last pass ended with (see PublishClaimAsync); only touched under the pass lock.
    private int window = 1;
    private DateTimeOffset nextCleanup = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The bus starts in the background (the host serves before the broker answers). Publishing before
        // it has started its receive endpoints could send an event into an exchange that this host's own
        // consumers have not bound yet, where it would be dropped; so the first pass waits for it.
        if (!await HostStartedAsync(stoppingToken) || !await BusStartedAsync(stoppingToken))
        {
            return;
        }

        // While a backlog lasts, passes overlap with their neighbours' database work: the next batch is
        // claimed while this one is published, and a pass's marks are written while the next one publishes.
        // The claim takes the rows after the ones this pass holds under its lease, so the order stays the
        // outbox's; a pass that stops early gives the next batch back after its own untried rows.
        //
        // A batch claimed ahead starts its lease while the pass before it still publishes, so it is claimed
        // ahead only when that pass came after a full, uninterrupted one that took less than a quarter of the
        // publishing time a lease allows: a slow broker then never leaves the next pass a short lease, and a
        // burst's first pass or a pass after an outage claims only its own batch.
        var budget = options.LeaseDuration - options.PublishTimeout;
        TimeSpan? lastFullPass = null;
        Task<Claim>? nextClaim = null;
        Task? finishing = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    RelayResult result;
                    await pass.WaitAsync(stoppingToken);
                    try
                    {
                        var started = time.GetTimestamp();
                        var claimedAhead = nextClaim;
                        nextClaim = null;
                        var claim = claimedAhead is null ? await ClaimAsync(stoppingToken) : await claimedAhead;
                        if (claim.Rows.Count >= options.BatchSize && lastFullPass < budget / 4 && !stoppingToken.IsCancellationRequested)
                        {
                            // Not cancellable: a claim that is made is given back below, not left to its lease.
                            nextClaim = ClaimAsync(CancellationToken.None);
                        }

                        Task finish;
                        (result, finish) = await PublishClaimAsync(claim, stoppingToken);
                        var previous = finishing;
                        finishing = finish;
                        if (previous is not null)
                        {
                            await previous;
                        }

                        var full = result.Claimed >= options.BatchSize && !result.Interrupted;
                        lastFullPass = full ? time.GetElapsedTime(started) : null;
                        if (!full && nextClaim is not null)
                        {
                            // After this pass's own releases, so the batch claimed ahead is free no sooner than they are.
                            var done = finishing;
                            finishing = null;
                            await done;
                            var ahead = nextClaim;
                            nextClaim = null;
                            await GiveBackAsync(ahead);
                        }
                    }
                    finally
                    {
                        pass.Release();
                    }

                    if (result.Claimed >= options.BatchSize && !result.Interrupted)
                    {
                        continue; // more may be waiting
                    }

                    if (finishing is { } last)
                    {
                        finishing = null;
                        await last;
                    }

                    await CleanUpAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception)
                {
                    // The database is down, most likely: poll again; the claims that were made expire with their lease.
                    logger.LogError(exception, "Outbox relay pass for {Service} failed", ServiceName);
                    lastFullPass = null;
                    if (finishing is { } unfinished)
                    {
                        finishing = null;
                        await AwaitQuietlyAsync(unfinished);
                    }

                    if (nextClaim is { } ahead)
                    {
                        nextClaim = null;
                        await GiveBackQuietlyAsync(ahead);
                    }
                }

                try
                {
                    await signal.WaitAsync(options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        finally
        {
            // A stopping host still records what the broker confirmed, and gives back a batch it claimed ahead.
            if (finishing is not null)
            {
                await AwaitQuietlyAsync(finishing);
            }

            if (nextClaim is not null)
            {
                await GiveBackQuietlyAsync(nextClaim);
            }
        }
    }

    private async Task AwaitQuietlyAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Outbox relay pass for {Service} failed", ServiceName);
        }
    }

    private Task GiveBackQuietlyAsync(Task<Claim> claim) => AwaitQuietlyAsync(GiveBackAsync(claim));

    /// <summary>A batch claimed ahead and not published: released as a stopped pass releases its untried rows.</summary>
    private async Task GiveBackAsync(Task<Claim> pending)
    {
        var claim = await pending;
        if (claim.Rows.Count > 0)
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await connection.ExecuteAsync(statements.Release, new { retryAt = time.GetUtcNow() + TimeSpan.FromSeconds(1), ids = database.Dialect.KeyList(claim.Rows.Select(r => r.Id).ToList()), owner });
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

    private async Task<bool> BusStartedAsync(CancellationToken stoppingToken)
    {
        if (bus is not IBusControl control)
        {
            return true;
        }

        var delay = TimeSpan.FromMilliseconds(20);
        while (control.CheckHealth().Status == BusHealthStatus.Unhealthy)
        {
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            delay = TimeSpan.FromMilliseconds(Math.Min(1000, delay.TotalMilliseconds * 2));
        }

        return true;
    }

    /// <summary>One pass: claim, publish in order, mark what was confirmed, release what was not tried.</summary>
    public async Task<RelayResult> RelayOnceAsync(CancellationToken cancellationToken)
    {
        await pass.WaitAsync(cancellationToken);
        try
        {
            var (result, finish) = await PublishClaimAsync(await ClaimAsync(cancellationToken), cancellationToken);
            await finish;
            return result;
        }
        finally
        {
            pass.Release();
        }
    }

    /// <summary>A batch taken under a lease: the rows in the outbox's order, and when the lease began.</summary>
    private sealed record Claim(DateTimeOffset ClaimedAt, IReadOnlyList<OutboxRow> Rows);

    private async Task<Claim> ClaimAsync(CancellationToken cancellationToken)
    {
        var claimedAt = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<OutboxRow>(new CommandDefinition(
            statements.Claim,
            new { batchSize = options.BatchSize, owner, now = claimedAt, lockedUntil = claimedAt + options.LeaseDuration },
            cancellationToken: cancellationToken))).OrderBy(r => r.Id).ToList();
        return new Claim(claimedAt, rows);
    }

    /// <returns>What the pass did, and the writing of its outcome (marks and releases), under way.</returns>
    private async Task<(RelayResult Result, Task Finish)> PublishClaimAsync(Claim claim, CancellationToken cancellationToken)
    {
        var (claimedAt, claimed) = claim;
        if (claimed.Count == 0)
        {
            return (new RelayResult(0, 0, false), Task.CompletedTask);
        }

        // Publishing stops a publish timeout before the lease ends, so no publish is still under way
        // when another relay may claim the same rows.
        var deadline = claimedAt + options.LeaseDuration - options.PublishTimeout;
        var confirmed = new List<long>(claimed.Count);
        var leftForNewerVersion = new List<long>();
        var interrupted = false;
        var next = 0;
        (int Index, Exception Fault)? suspect = null;

        // Rows go out in windows whose confirms the broker returns together: one round trip per window
        // instead of per row. The window doubles while the broker confirms what it was given, up to
        // MaxPublishesInFlight, and carries over to the next pass (a busy broker confirms slowly, and a pass
        // that started over at one row each time would fall behind a steady stream). Publishes start in
        // the outbox's order, but several in flight may reach the broker in another; consumers do not
        // depend on it (events carry versions, see docs/events.md).
        //
        // A broker fault in a window of several rows ends the pass at the first unconfirmed row, uncounted:
        // rows published with it may have been confirmed before the fault, so they cannot tell an outage
        // from a refused message. The window is then one row, and the next pass decides row by row as
        // before: a suspect row, and the next row published after its fault tells which it was.
        var window = Math.Min(this.window, options.MaxPublishesInFlight);
        var faultInPass = false;
        while (next < claimed.Count && !interrupted)
        {
            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                interrupted = true;
                break;
            }

            // The broker confirms a window's publishes one after another: each may wait the publish timeout
            // plus the slowest expected confirm for every publish ahead of it, within what the lease leaves.
            var size = suspect is null ? Math.Min(window, claimed.Count - next) : 1;
            var allowed = options.PublishTimeout + (OutboxOptions.SlowPublish * (size - 1));
            var timeout = remaining < allowed ? remaining : allowed;
            var publishes = new Task<(PublishOutcome Outcome, Exception? Fault)>[size];
            for (var i = 0; i < size; i++)
            {
                publishes[i] = PublishAsync(claimed[next + i], timeout, cancellationToken);
            }

            var first = next;
            var brokerFault = false;
            var anyConfirmed = false;
            int? stopAt = null;
            for (var i = 0; i < size; i++)
            {
                var index = first + i;
                var row = claimed[index];
                PublishOutcome outcome;
                Exception? fault;
                try
                {
                    (outcome, fault) = await publishes[i];
                }
                catch (Exception) when (cancellationToken.IsCancellationRequested)
                {
                    // The host stops: what was confirmed is recorded below, the rest is given back.
                    (outcome, fault) = (PublishOutcome.Stopped, null);
                }

                if (outcome == PublishOutcome.RowFailed)
                {
                    // The row itself is at fault (it cannot be read, or the broker said why): counted against
                    // it here, one at a time, not by every publish of a window at once.
                    await RecordFailureAsync(row, fault!);
                }

                if (outcome == PublishOutcome.BrokerFault && !faultInPass)
                {
                    // An outage fails every publish in flight: said once per pass, not once per row.
                    faultInPass = true;
                    OutboxTelemetry.Failed.Add(1, ServiceTag);
                    logger.LogWarning(
                        "Publishing outbox row {OutboxId} ({MessageType}) failed: the broker did not confirm within {Timeout} ms or refused it ({Exception})",
                        row.Id,
                        row.MessageType,
                        (int)timeout.TotalMilliseconds,
                        fault!.GetType().Name);
                }

                if (stopAt is not null)
                {
                    // Past the point where this pass stops, what the broker confirmed anyway still counts as
                    // sent, and a row for a newer version is still left to it.
                    if (outcome == PublishOutcome.Confirmed)
                    {
                        confirmed.Add(row.Id);
                    }
                    else if (outcome == PublishOutcome.LeftForNewerVersion)
                    {
                        leftForNewerVersion.Add(row.Id);
                    }

                    continue;
                }

                switch (outcome)
                {
                    case PublishOutcome.Confirmed:
                        confirmed.Add(row.Id);
                        anyConfirmed = true;
                        if (suspect is { } refused)
                        {
                            // The broker takes the next row, published after the suspect's fault: it was
                            // the suspect row it refused, not an outage.
                            await RecordFailureAsync(claimed[refused.Index], refused.Fault);
                            suspect = null;
                        }

                        break;
                    case PublishOutcome.LeftForNewerVersion:
                        leftForNewerVersion.Add(row.Id);
                        break;
                    case PublishOutcome.BrokerFault when size > 1:
                        // Rows of this window went out together with it: none of them tells.
                        brokerFault = true;
                        stopAt = index;
                        break;
                    case PublishOutcome.BrokerFault when suspect is null:
                        // Outage or a message the broker refuses? The next row tells.
                        brokerFault = true;
                        suspect = (index, fault!);
                        break;
                    case PublishOutcome.BrokerFault:
                        // Two in a row: the broker is down or not answering. Keep the outbox's order:
                        // nothing after the first of them is tried again before it.
                        brokerFault = true;
                        stopAt = suspect!.Value.Index;
                        suspect = null;
                        break;
                    case PublishOutcome.Stopped:
                        stopAt = index;
                        break;
                }
            }

            if (stopAt is { } stop)
            {
                next = stop;
                interrupted = true;
            }
            else
            {
                next = first + size;
            }

            window = brokerFault ? 1 : anyConfirmed && size == window ? Math.Min(window * 2, options.MaxPublishesInFlight) : window;
        }

        // After a pass with a broker fault the next starts row by row: a row refused in this pass is then
        // tried alone again, and counted or not by the row after it.
        this.window = faultInPass ? 1 : window;

        long? trailingSuspect = null;
        if (suspect is { } last)
        {
            // The batch ended on the suspect row: it goes first next time, where the rows after it tell.
            trailingSuspect = claimed[last.Index].Id;
            next = Math.Min(next, last.Index);
        }

        var untried = claimed.Skip(next).Select(r => r.Id).Except(confirmed).Except(leftForNewerVersion).Where(id => id != trailingSuspect).ToList();
        return (new RelayResult(claimed.Count, confirmed.Count, interrupted), FinishAsync(confirmed, untried, trailingSuspect, leftForNewerVersion));
    }

    /// <summary>Records a pass's outcome. Not cancellable: what the broker confirmed must be recorded, or it is sent again.</summary>
    private async Task FinishAsync(List<long> confirmed, List<long> untried, long? trailingSuspect, List<long> leftForNewerVersion)
    {
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            if (confirmed.Count > 0)
            {
                await connection.ExecuteAsync(statements.MarkSent, new { now = time.GetUtcNow(), ids = database.Dialect.KeyList(confirmed) });
                OutboxTelemetry.Published.Add(confirmed.Count, ServiceTag);
            }

            // A broker outage, the lease deadline or a stop: the rows not confirmed wait a little,
            // without an attempt counted against them.
            if (untried.Count > 0)
            {
                await connection.ExecuteAsync(statements.Release, new { retryAt = time.GetUtcNow() + TimeSpan.FromSeconds(1), ids = database.Dialect.KeyList(untried), owner });
            }

            if (trailingSuspect is { } alone)
            {
                // Not retried every second while it stays alone in the outbox.
                await connection.ExecuteAsync(statements.Release, new { retryAt = time.GetUtcNow() + TimeSpan.FromSeconds(10), ids = database.Dialect.KeyList([alone]), owner });
            }

            if (leftForNewerVersion.Count > 0)
            {
                OutboxTelemetry.LeftForNewerVersion.Add(leftForNewerVersion.Count, ServiceTag);
                await connection.ExecuteAsync(statements.Release, new { retryAt = time.GetUtcNow() + TimeSpan.FromSeconds(30), ids = database.Dialect.KeyList(leftForNewerVersion), owner });
            }
        }
    }

    private async Task<(PublishOutcome Outcome, Exception? Fault)> PublishAsync(OutboxRow row, TimeSpan timeout, CancellationToken stoppingToken)
    {
        ActivityContext.TryParse(row.TraceParent, row.TraceState, out var parent);
        using var activity = OutboxTelemetry.Source.StartActivity("outbox publish", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", row.MessageId.ToString());
        activity?.SetTag("messaging.message.type", row.MessageType);

        if (!ContractTypes.TryResolve(row.MessageType, out var type))
        {
            // Only this service writes its outbox, so a type it does not know was written by a newer
            // version of it, during a rolling deploy: leave the row to that version's relay.
            logger.LogWarning("Outbox row {OutboxId} has message type {MessageType}, unknown to this version; left for a newer relay", row.Id, row.MessageType);
            return (PublishOutcome.LeftForNewerVersion, null);
        }

        object message;
        try
        {
            message = JsonSerializer.Deserialize(row.Body, type, MessageJson.Options)
                ?? throw new JsonException($"Outbox row {row.Id} has an empty body.");
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            // The row itself cannot be read: no retry makes it readable, but an operator may replay it once fixed.
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            return (PublishOutcome.RowFailed, exception);
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await bus.Publish(message, type, Pipe.Execute<PublishContext>(context => context.MessageId = row.MessageId), timeoutSource.Token);
            return (PublishOutcome.Confirmed, null);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested && BrokerFaults.IsTransient(exception))
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            return (PublishOutcome.BrokerFault, exception);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            return (PublishOutcome.RowFailed, exception);
        }
    }

    private async Task RecordFailureAsync(OutboxRow row, Exception exception)
    {
        OutboxTelemetry.Failed.Add(1, ServiceTag);
        var attempt = row.Attempts + 1;
        var deadLettered = attempt >= options.MaxAttempts;

        // Back off by attempt so a bad row does not turn into a hot loop.
        var delay = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(attempt, 6))));
        var error = $"{exception.GetType().FullName}: {exception.Message}";
        int recorded;
        try
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            recorded = await connection.ExecuteAsync(statements.RecordFailure, new
            {
                id = row.Id,
                owner,
                error = error.Length <= MaxErrorLength ? error : error[..MaxErrorLength],
                retryAt = time.GetUtcNow() + delay,
                now = time.GetUtcNow(),
                maxAttempts = options.MaxAttempts,
            });
        }
        catch (Exception recordException)
        {
            // The row keeps this relay's claim until the lease ends and is then tried again; it is
            // never marked sent, because the mark names the confirmed rows only.
            logger.LogError(recordException, "Recording the failure of outbox row {OutboxId} failed; it is retried when its lease ends", row.Id);
            return;
        }

        if (recorded == 0)
        {
            // The lease ran out and another relay holds the row now: its attempt is that relay's to count.
            return;
        }

        if (deadLettered)
        {
            OutboxTelemetry.DeadLettered.Add(1, ServiceTag);
            logger.LogError(exception, "Outbox row {OutboxId} ({MessageType}) failed {Attempts} times and is dead-lettered; list with 'outbox dead-letters', replay with 'outbox replay'", row.Id, row.MessageType, attempt);
        }
        else
        {
            logger.LogWarning(exception, "Publishing outbox row {OutboxId} ({MessageType}) failed on attempt {Attempt} of {MaxAttempts}", row.Id, row.MessageType, attempt, options.MaxAttempts);
        }
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
        int deleted;
        do
        {
            deleted = await connection.ExecuteAsync(new CommandDefinition(
                statements.DeleteSentBefore,
                new { before = now - options.SentRetention, batchSize = 1000 },
                cancellationToken: cancellationToken));
        }
        while (deleted > 0);
    }

    private enum PublishOutcome
    {
        Confirmed,
        RowFailed,

        /// <summary>The broker did not confirm in time or refused: an outage, or this message, which the next row tells apart.</summary>
        BrokerFault,
        LeftForNewerVersion,

        /// <summary>The host is stopping: not tried, given back uncounted.</summary>
        Stopped,
    }
}

/// <summary>What one relay pass did.</summary>
/// <param name="Interrupted">The pass stopped early at a broker fault or its lease deadline.</param>
public sealed record RelayResult(int Claimed, int Published, bool Interrupted);
