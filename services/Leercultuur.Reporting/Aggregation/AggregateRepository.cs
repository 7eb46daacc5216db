using System.Data.Common;
using System.Text.Json;
using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;

namespace Leercultuur.Reporting.Aggregation;

/// <summary>
/// Keeps additive aggregate cells: count of organisations, respondents, sum and sum of squares of the
/// organisations' dimension means, per (instrument, version, dimension, period, sector, size, province).
/// Any group-by is then a sum over cells.
/// </summary>
public sealed class AggregateRepository(Database<ReportingModule> database)
{
    private readonly AggregateStatements statements = new(database.Dialect);

    /// <summary>The lock every change to an organisation's contributions takes first.</summary>
    public static string OrganisationLock(Guid organisationId) => $"reporting:organisation:{organisationId:D}";

    /// <summary>
    /// Applies a completed scan. When the organisation already contributed to the same instrument,
    /// version and period, the later scan replaces the earlier; an older scan arriving late changes nothing.
    /// </summary>
    /// <remarks>
    /// The organisation is locked before its contribution is read: otherwise two of its scans applied
    /// at once (the consumer runs several messages at a time) would both read "no contribution yet"
    /// under read committed and both add to the cells, counting the organisation twice for good, or an
    /// older scan would overwrite a newer one. The lock holds for keys with no row yet, on every engine.
    /// </remarks>
    public Task<ApplyResult> ApplyAsync(DbConnection connection, DbTransaction transaction, ScanCompleted scan, int minimumRespondents, CancellationToken cancellationToken) =>
        ApplyAsync(connection, transaction, scan, minimumRespondents, withdrawal: false, cancellationToken);

    /// <summary>
    /// Takes a withdrawn scan out: its fact becomes a marker that counts nowhere, so the cells are those
    /// of a history in which the scan was never counted. The marker keeps the scan's id and completion
    /// instant: its own ScanCompleted arriving after the withdrawal, or an earlier scan of the same
    /// organisation, instrument and period arriving late, then changes nothing, and a later scan
    /// replaces it as it would any scan. A withdrawal of a scan that was already replaced changes nothing.
    /// </summary>
    public Task<ApplyResult> WithdrawAsync(DbConnection connection, DbTransaction transaction, ScanWithdrawn withdrawn, CancellationToken cancellationToken) =>
        ApplyAsync(
            connection,
            transaction,
            new ScanCompleted
            {
                ScanId = withdrawn.ScanId,
                OrganisationId = withdrawn.OrganisationId,
                InstrumentKey = withdrawn.InstrumentKey,
                InstrumentVersion = withdrawn.InstrumentVersion,
                Period = withdrawn.Period,
                CompletedAt = withdrawn.CompletedAt,
            },
            minimumRespondents: int.MaxValue,
            withdrawal: true,
            cancellationToken);

    private async Task<ApplyResult> ApplyAsync(DbConnection connection, DbTransaction transaction, ScanCompleted scan, int minimumRespondents, bool withdrawal, CancellationToken cancellationToken)
    {
        await database.LockAsync(connection, transaction, OrganisationLock(scan.OrganisationId), cancellationToken);
        if (await IsErasedAsync(connection, transaction, scan.OrganisationId, cancellationToken))
        {
            // A scan of an erased organisation (published before its erasure, arriving after) is not counted.
            return ApplyResult.Erased;
        }

        var key = new
        {
            organisation_id = scan.OrganisationId,
            instrument_key = scan.InstrumentKey,
            instrument_version = scan.InstrumentVersion,
            period = scan.Period,
        };
        var existing = await connection.QuerySingleOrDefaultAsync<Contribution>(new CommandDefinition(statements.FindContribution, key, transaction, cancellationToken: cancellationToken));
        // The same scan again is stale, unless it is its own withdrawal.
        var withdrawsExisting = withdrawal && existing?.ScanId == scan.ScanId;
        if (existing is not null && !withdrawsExisting && !IsLater(scan, existing))
        {
            return ApplyResult.Stale;
        }

        var deltas = new List<CellDelta>();
        if (existing is { Counted: 1 })
        {
            var previous = JsonSerializer.Deserialize<Dictionary<string, double>>(existing.Scores)!;
            deltas.AddRange(previous.SelectMany(p => CellDelta.Of(existing, p.Key, p.Value)).Select(d => d.Negated()));
        }

        var counted = !withdrawal && scan.RespondentCount >= minimumRespondents;
        await connection.ExecuteAsync(new CommandDefinition(
            statements.SaveContribution,
            new
            {
                key.organisation_id,
                key.instrument_key,
                key.instrument_version,
                key.period,
                scan_id = scan.ScanId,
                completed_at = scan.CompletedAt,
                sbi_version = scan.Sector.SbiVersion,
                sector_section = scan.Sector.Section,
                size_class = scan.SizeClass,
                province = scan.Province,
                respondent_count = scan.RespondentCount,
                counted = counted ? 1 : 0,
                scores = JsonSerializer.Serialize(scan.Scores.ToDictionary(s => s.Dimension, s => s.Mean)),
                programme_ids = Contribution.JoinProgrammes(scan.ProgrammeIds),
            },
            transaction,
            cancellationToken: cancellationToken));

        if (counted)
        {
            deltas.AddRange(scan.Scores.SelectMany(score => CellDelta.Of(scan, score)));
        }

        // Cells are shared between organisations: every transaction updates them in the same (key)
        // order, so two scans of different organisations never wait for each other in a cycle.
        foreach (var delta in CellDelta.Combine(deltas))
        {
            await AddAsync(connection, transaction, delta, cancellationToken);
        }

        return (existing, counted) switch
        {
            _ when withdrawal => ApplyResult.Withdrawn,
            (null, true) => ApplyResult.Added,
            (null, false) => ApplyResult.TooFewRespondents,
            _ => ApplyResult.Replaced,
        };
    }

    /// <summary>
    /// Takes every contribution of an erased organisation out of every cell and forgets it, so the
    /// aggregates afterwards are exactly those of a history without it; its id is kept so that a late
    /// scan of it is not counted. Erasing again changes nothing.
    /// </summary>
    public async Task EraseAsync(DbConnection connection, DbTransaction transaction, Guid organisationId, DateTimeOffset erasedAt, CancellationToken cancellationToken)
    {
        await database.LockAsync(connection, transaction, OrganisationLock(organisationId), cancellationToken);
        var key = new { organisation_id = organisationId };
        var contributions = await connection.QueryAsync<Contribution>(new CommandDefinition(statements.ContributionsOf, key, transaction, cancellationToken: cancellationToken));
        var deltas = contributions
            .Where(c => c.Counted == 1)
            .SelectMany(c => JsonSerializer.Deserialize<Dictionary<string, double>>(c.Scores)!.SelectMany(s => CellDelta.Of(c, s.Key, s.Value)))
            .Select(d => d.Negated());
        foreach (var delta in CellDelta.Combine(deltas))
        {
            await AddAsync(connection, transaction, delta, cancellationToken);
        }

        await connection.ExecuteAsync(new CommandDefinition(statements.DeleteContributionsOf, key, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(statements.Tombstone, new { organisation_id = organisationId, erased_at = erasedAt }, transaction, cancellationToken: cancellationToken));
    }

    private async Task AddAsync(DbConnection connection, DbTransaction transaction, CellDelta delta, CancellationToken cancellationToken)
    {
        var parameters = delta.ToParameters();
        await connection.ExecuteAsync(new CommandDefinition(statements.AddTo(delta), parameters, transaction, cancellationToken: cancellationToken));
        if (delta.Organisations < 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(statements.DeleteIfEmpty(delta), parameters, transaction, cancellationToken: cancellationToken));
        }
    }

    private async Task<bool> IsErasedAsync(DbConnection connection, DbTransaction transaction, Guid organisationId, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<int>(new CommandDefinition(statements.IsErased, new { organisation_id = organisationId }, transaction, cancellationToken: cancellationToken)) > 0;

    /// <summary>
    /// Whether <paramref name="scan"/> replaces <paramref name="existing"/>: it completed later, and of
    /// two scans completed at the same instant the one with the greater id, so the outcome never
    /// depends on the order in which they arrive.
    /// </summary>
    /// <remarks>Instants compare to the microsecond, the precision every engine stores (PostgreSQL keeps no more).</remarks>
    public static bool IsLater(ScanCompleted scan, Contribution existing)
    {
        if (scan.ScanId == existing.ScanId)
        {
            return false;
        }

        var incoming = Microseconds(scan.CompletedAt);
        var stored = Microseconds(existing.CompletedAt);
        return incoming > stored || (incoming == stored && scan.ScanId.CompareTo(existing.ScanId) > 0);
    }

    private static long Microseconds(DateTimeOffset instant) => instant.UtcTicks / TimeSpan.TicksPerMicrosecond;

}

public enum ApplyResult
{
    Added,
    Replaced,
    Stale,
    TooFewRespondents,

    /// <summary>The organisation was erased: its scans are not counted any more.</summary>
    Erased,

    /// <summary>The scan was withdrawn: its fact counts nowhere now.</summary>
    Withdrawn,
}
