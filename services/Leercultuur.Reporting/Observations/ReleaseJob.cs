using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Microsoft.Extensions.Options;

namespace Leercultuur.Reporting.Observations;

/// <summary>
/// Releases every period whose facts changed once it is over (plus the grace): quarters before years, so
/// a year is always protected beside its quarters' final patterns.
/// </summary>
public sealed class ReleaseJob(
    Database<ReportingModule> database,
    ReleaseBuilder builder,
    Aggregation.InstrumentVersions versions,
    IOptions<ReleaseOptions> options,
    AnswerCache answers,
    TimeProvider time,
    ILogger<ReleaseJob> logger) : BackgroundService
{
    private readonly ReleaseStatements statements = new(database.Dialect);

    private int holds;

    /// <summary>Whether a <see cref="HoldTimedPasses"/> is in force: the timed passes wait, on-demand ones still run.</summary>
    public bool IsHeld => Volatile.Read(ref holds) > 0;

    /// <summary>
    /// Keeps the timed passes from releasing until the returned handle is disposed. A loader that feeds a
    /// whole history at once (the standalone demo) takes one before the host starts: a period released
    /// half-loaded would hold every later revision that changes which cells are shown by fewer than k
    /// organisations. A pass already running when the hold is taken runs to its end.
    /// </summary>
    public IDisposable HoldTimedPasses()
    {
        Interlocked.Increment(ref holds);
        return new Hold(this);
    }

    private sealed class Hold(ReleaseJob job) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                Interlocked.Decrement(ref job.holds);
            }
        }
    }

    /// <summary>One pass: every queued period that may be released now.</summary>
    public async Task<IReadOnlyList<ReleaseOutcome>> RunOnceAsync(CancellationToken cancellationToken, bool ignoreGrace = false)
    {
        List<QueuedPeriod> queued;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            queued = (await connection.QueryAsync<QueuedPeriod>(new CommandDefinition(statements.Queue, cancellationToken: cancellationToken))).ToList();
        }

        var due = InReleaseOrder(await FamiliesAsync(queued, cancellationToken), time.GetUtcNow(), ignoreGrace ? TimeSpan.Zero : options.Value.Grace);
        var outcomes = new List<ReleaseOutcome>();
        try
        {
            await ReleaseAllAsync(due, outcomes, cancellationToken);
        }
        finally
        {
            // What this pass committed (even if it stopped half-way) shows in this replica's next answer.
            answers.ForgetStates();
        }

        return outcomes;
    }

    private async Task ReleaseAllAsync(List<QueuedPeriod> due, List<ReleaseOutcome> outcomes, CancellationToken cancellationToken)
    {
        foreach (var period in due)
        {
            try
            {
                outcomes.Add(await builder.ReleaseAsync(period.InstrumentKey, period.InstrumentVersion, period.Period, cancellationToken));
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // One period that fails must not keep the others from being released; it stays queued.
                logger.LogError(exception, "Release of {Instrument} v{Version} {Period} failed; it is tried again on the next pass.", period.InstrumentKey, period.InstrumentVersion, period.Period);
                outcomes.Add(new ReleaseOutcome(period.InstrumentKey, period.InstrumentVersion, period.Period, ReleaseOutcome.Failed, 0, "The release failed; it is tried again on the next pass."));
            }
        }
    }

    /// <summary>Whether <paramref name="period"/> ended at least <paramref name="grace"/> before <paramref name="now"/>.</summary>
    public static bool IsOver(Period period, DateTimeOffset now, TimeSpan grace)
    {
        var end = period.Quarter is { } q
            ? new DateTimeOffset(period.Year, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(q * 3)
            : new DateTimeOffset(period.Year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return now >= end + grace;
    }

    /// <summary>
    /// Recomputes every period that may be released from the facts, all in one transaction: the API answers
    /// from the old observations until the commit switches them all at once (a failure leaves the old ones
    /// in force). Where the facts did not change the rows stay as they are; where they did, the revision
    /// rules apply as to any release.
    /// </summary>
    public async Task<IReadOnlyList<ReleaseOutcome>> RebuildAsync(CancellationToken cancellationToken)
    {
        List<QueuedPeriod> periods;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            periods = (await connection.QueryAsync<QueuedPeriod>(new CommandDefinition(statements.AllPeriods, cancellationToken: cancellationToken))).ToList();
        }

        var due = InReleaseOrder(await FamiliesAsync(periods, cancellationToken), time.GetUtcNow(), options.Value.Grace).Select(p => (p.InstrumentKey, p.InstrumentVersion, p.Period)).ToList();
        try
        {
            return await builder.ReleaseTogetherAsync(due, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "The rebuild of {Count} period(s) failed and was rolled back; the releases in force stay.", due.Count);
            return due.Select(p => new ReleaseOutcome(p.InstrumentKey, p.InstrumentVersion, p.Period, ReleaseOutcome.Failed, 0, "The rebuild failed and was rolled back: the releases in force stay.")).ToList();
        }
        finally
        {
            answers.ForgetStates();
        }
    }

    /// <summary>
    /// Each period under its version family's base, once: a family's period is released as one unit (the
    /// comparable versions pooled), so a period queued by two of its versions is released once.
    /// </summary>
    private async Task<List<QueuedPeriod>> FamiliesAsync(IReadOnlyList<QueuedPeriod> periods, CancellationToken cancellationToken)
    {
        var series = new Dictionary<string, Aggregation.InstrumentSeries>(StringComparer.Ordinal);
        foreach (var instrument in periods.Select(p => p.InstrumentKey).Distinct(StringComparer.Ordinal))
        {
            series[instrument] = await versions.SeriesAsync(instrument, cancellationToken);
        }

        return periods
            .Select(p => new QueuedPeriod { InstrumentKey = p.InstrumentKey, InstrumentVersion = series[p.InstrumentKey].Base(p.InstrumentVersion), Period = p.Period, ChangedAt = p.ChangedAt })
            .DistinctBy(p => (p.InstrumentKey, p.InstrumentVersion, p.Period))
            .ToList();
    }

    /// <summary>The periods that are over (plus the grace), by instrument and version family, quarters before their year.</summary>
    private static List<QueuedPeriod> InReleaseOrder(IEnumerable<QueuedPeriod> periods, DateTimeOffset now, TimeSpan grace) =>
        periods
            .Where(q => Period.TryParse(q.Period, out var p) && IsOver(p, now, grace))
            .OrderBy(q => q.InstrumentKey, StringComparer.Ordinal)
            .ThenBy(q => q.InstrumentVersion)
            .ThenBy(q => Period.Parse(q.Period).Year)
            .ThenBy(q => Period.Parse(q.Period).Quarter ?? 5)
            .ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var outcome in IsHeld ? [] : await RunOnceAsync(stoppingToken))
                {
                    if (outcome.Outcome == ReleaseOutcome.Held)
                    {
                        logger.LogWarning("Release of {Instrument} v{Version} {Period} held: {Reason}", outcome.Instrument, outcome.InstrumentVersion, outcome.Period, outcome.Reason);
                    }
                    else
                    {
                        logger.LogInformation("Release of {Instrument} v{Version} {Period}: {Outcome}, revision {Revision}", outcome.Instrument, outcome.InstrumentVersion, outcome.Period, outcome.Outcome, outcome.Revision);
                    }
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The queue keeps what was not released; the next pass tries again.
                logger.LogError(exception, "The release pass failed; it is tried again in {Interval}.", options.Value.Interval);
            }

            try
            {
                await Task.Delay(options.Value.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
