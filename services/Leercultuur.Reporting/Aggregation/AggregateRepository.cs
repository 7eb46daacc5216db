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
public sealed class AggregateRepository(Database<ReportingModule> database, TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    private readonly AggregateStatements statements = new(database.Dialect);

    /// <summary>How many team facts reporting holds: one per organisation, team, instrument version and period.</summary>
    public async Task<long> CountTeamFactsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(statements.TeamFactCount, cancellationToken: cancellationToken));
    }

    /// <summary>The lock every change to an organisation's contributions takes first.</summary>
    public static string OrganisationLock(Guid organisationId) => $"reporting:organisation:{organisationId:D}";

    /// <summary>
    /// Applies a completed scan (version 1). When the organisation already has a fact for the same team,
    /// instrument, version and period, the later scan replaces the earlier; an older scan arriving late
    /// changes nothing. The organisation's facts of that key then make its one contribution.
    /// </summary>
    /// <remarks>
    /// The organisation is locked before its facts are read: otherwise two of its scans applied at once
    /// (the consumer runs several messages at a time) would both read "no contribution yet" under read
    /// committed and both add to the cells, counting the organisation twice for good, or an older scan
    /// would overwrite a newer one. The lock holds for keys with no row yet, on every engine.
    /// </remarks>
    /// <remarks>
    /// A version 1 message that says it was also published as version 2 is skipped: the v2 carries the
    /// team, which v1 cannot, and the two travel on separate queues in either order. Only messages from a
    /// scan service that publishes version 1 alone are applied from here.
    /// </remarks>
    public Task<ApplyResult> ApplyAsync(DbConnection connection, DbTransaction transaction, ScanCompleted scan, int minimumRespondents, CancellationToken cancellationToken) =>
        scan.AlsoPublishedAsV2
            ? Task.FromResult(ApplyResult.CarriedByV2)
            : ApplyAsync(connection, transaction, TeamFact.From(scan), minimumRespondents, cancellationToken);

    /// <summary>
    /// Applies a completed scan (version 2): as version 1, per team; it supersedes the version 1 fact of
    /// the same scan. A scan of an instrument that may not be benchmarked is not aggregated at all.
    /// </summary>
    public Task<ApplyResult> ApplyAsync(DbConnection connection, DbTransaction transaction, ScanCompletedV2 scan, int minimumRespondents, CancellationToken cancellationToken) =>
        ApplyAsync(connection, transaction, scan, minimumRespondents, null, cancellationToken);

    /// <summary>
    /// As <see cref="ApplyAsync(DbConnection, DbTransaction, ScanCompletedV2, int, CancellationToken)"/>, but the
    /// cell changes go to <paramref name="cellChanges"/> for the caller to write with a whole batch's (<see cref="AddAllAsync"/>).
    /// </summary>
    public Task<ApplyResult> ApplyAsync(DbConnection connection, DbTransaction transaction, ScanCompletedV2 scan, int minimumRespondents, List<CellDelta>? cellChanges, CancellationToken cancellationToken) =>
        scan.Benchmark
            ? ApplyAsync(connection, transaction, TeamFact.From(scan), minimumRespondents, cancellationToken, cellChanges)
            : Task.FromResult(ApplyResult.NotAggregated);

    /// <summary>
    /// As <see cref="ApplyAsync(DbConnection, DbTransaction, ScanCompletedV2, int, List{CellDelta}?, CancellationToken)"/>,
    /// inside a batch: the organisation is locked already and its rows are in <paramref name="store"/>, which the
    /// caller writes once for the whole batch (<see cref="BatchFactStore.FlushAsync"/>).
    /// </summary>
    public Task<ApplyResult> ApplyInBatchAsync(DbConnection connection, DbTransaction transaction, BatchFactStore store, ScanCompletedV2 scan, int minimumRespondents, List<CellDelta> cellChanges, CancellationToken cancellationToken) =>
        scan.Benchmark
            ? ApplyAsync(connection, transaction, store, TeamFact.From(scan), minimumRespondents, cellChanges, cancellationToken)
            : Task.FromResult(ApplyResult.NotAggregated);

    /// <summary>Writes what a batch changed in its organisations' rows.</summary>
    public Task FlushAsync(DbConnection connection, DbTransaction transaction, BatchFactStore store, CancellationToken cancellationToken) =>
        store.FlushAsync(connection, transaction, statements, cancellationToken);

    /// <summary>
    /// Writes cell changes summed per cell, once each, in cell-key order (every writer's order): one statement
    /// per family on PostgreSQL, a hundred cells per statement elsewhere, then the cells that may have emptied removed one by one (few: only where an
    /// organisation left a cell).
    /// </summary>
    public async Task AddAllAsync(DbConnection connection, DbTransaction transaction, IEnumerable<CellDelta> cellChanges, CancellationToken cancellationToken)
    {
        var combined = CellDelta.Combine(cellChanges);
        foreach (var family in combined.GroupBy(d => d.Programme is not null))
        {
            var rows = family.Key ? CellDelta.ProgrammeRows : CellDelta.NationalRows;
            foreach (var chunk in Leercultuur.Data.RowValues<CellDelta>.Statements(database.Dialect, family, AggregateStatements.CellBatch))
            {
                await connection.ExecuteAsync(new CommandDefinition(statements.AddToCells(family.Key, chunk.Length), rows.Parameters(database.Dialect, chunk), transaction, cancellationToken: cancellationToken));
            }
        }

        // Also after a net change of none: a batch may add an organisation to a cell and move it out again.
        foreach (var delta in combined.Where(d => d.Organisations <= 0))
        {
            await connection.ExecuteAsync(new CommandDefinition(statements.DeleteIfEmpty(delta), delta.ToParameters(), transaction, cancellationToken: cancellationToken));
        }

        await MarkChangedAsync(connection, transaction, combined, cancellationToken);
    }

    /// <summary>
    /// Queues the periods whose facts changed for the release job, in the same transaction as the change:
    /// a committed change is always released in time, a rolled back one never. Every change of a contribution
    /// moves some cell (the old figures out, the new in), also where the net change of a cell is nothing.
    /// </summary>
    private async Task MarkChangedAsync(DbConnection connection, DbTransaction transaction, IEnumerable<CellDelta> deltas, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var period in deltas.Where(d => d.Programme is null).Select(d => (d.InstrumentKey, d.InstrumentVersion, d.Period)).Distinct().Order())
        {
            await connection.ExecuteAsync(new CommandDefinition(
                statements.MarkChanged,
                new { instrument_key = period.InstrumentKey, instrument_version = period.InstrumentVersion, period = period.Period, changed_at = now },
                transaction,
                cancellationToken: cancellationToken));
        }
    }

    /// <summary>
    /// Takes a withdrawn scan out: its fact becomes a marker that counts nowhere, so the cells are those
    /// of a history in which the scan was never counted. The marker keeps the scan's id and completion
    /// instant: its own ScanCompleted (either version) arriving after the withdrawal, or an earlier scan of
    /// the same team arriving late, then changes nothing, and a later scan replaces it as it would any
    /// scan. A withdrawal of a scan that was already replaced changes nothing.
    /// </summary>
    /// <remarks>The minimum applies to what the organisation's other teams still add up to.</remarks>
    public Task<ApplyResult> WithdrawAsync(DbConnection connection, DbTransaction transaction, ScanWithdrawn withdrawn, int minimumRespondents, CancellationToken cancellationToken) =>
        ApplyAsync(connection, transaction, TeamFact.From(withdrawn), minimumRespondents, cancellationToken);

    private async Task<ApplyResult> ApplyAsync(DbConnection connection, DbTransaction transaction, TeamFact incoming, int minimumRespondents, CancellationToken cancellationToken, List<CellDelta>? cellChanges = null)
    {
        await database.LockAsync(connection, transaction, OrganisationLock(incoming.OrganisationId), cancellationToken);
        return await ApplyAsync(connection, transaction, new DirectFactStore(connection, transaction, statements), incoming, minimumRespondents, cellChanges, cancellationToken);
    }

    private async Task<ApplyResult> ApplyAsync(DbConnection connection, DbTransaction transaction, FactStore store, TeamFact incoming, int minimumRespondents, List<CellDelta>? cellChanges, CancellationToken cancellationToken)
    {
        if (await store.IsErasedAsync(incoming.OrganisationId, cancellationToken))
        {
            // A scan of an erased organisation (published before its erasure, arriving after) is not counted.
            return ApplyResult.Erased;
        }

        var key = FactStore.KeyOf(incoming);
        var facts = await store.TeamFactsAsync(key, cancellationToken);

        // The same scan again: only a fact from a higher source (v2 over v1, a withdrawal over both) replaces it.
        var sameScan = facts.FirstOrDefault(f => f.ScanId == incoming.ScanId);
        if (sameScan is not null && incoming.Source <= sameScan.Source)
        {
            return ApplyResult.Stale;
        }

        // Another scan of the same team: the later one counts.
        var sameTeam = facts.FirstOrDefault(f => f.Team == incoming.Team && f.ScanId != incoming.ScanId);
        if (sameTeam is not null && !IsLater(incoming, sameTeam))
        {
            if (sameScan is not null)
            {
                // The scan's earlier fact sat under another team (a version 1 fact names none) while its
                // own team holds a later scan: it counts nowhere, so its fact goes.
                await store.DeleteTeamFactAsync(sameScan, cancellationToken);
                await RecombineAsync(connection, transaction, store, key, facts.Where(f => f != sameScan).ToList(), minimumRespondents, cellChanges, cancellationToken);
            }

            return ApplyResult.Stale;
        }

        if (sameScan is not null && sameScan.Team != incoming.Team)
        {
            await store.DeleteTeamFactAsync(sameScan, cancellationToken);
        }

        await store.SaveTeamFactAsync(incoming, cancellationToken);
        var after = facts.Where(f => f.ScanId != incoming.ScanId && f.Team != incoming.Team).Append(incoming).ToList();
        var counted = await RecombineAsync(connection, transaction, store, key, after, minimumRespondents, cellChanges, cancellationToken);

        return (sameScan ?? sameTeam, counted) switch
        {
            _ when incoming.Source == TeamFact.Withdrawn => ApplyResult.Withdrawn,
            (null, true) => ApplyResult.Added,
            (null, false) => ApplyResult.TooFewRespondents,
            _ => ApplyResult.Replaced,
        };
    }

    /// <summary>
    /// Makes the organisation's contribution the combination of its facts: respondents summed, each
    /// dimension's mean weighted by the respondents it rests on, classified as the latest scan says; withdrawn facts
    /// count nowhere. The cells change by the difference between the old and the new contribution.
    /// </summary>
    /// <returns>Whether the organisation now counts (enough respondents together).</returns>
    private async Task<bool> RecombineAsync(
        DbConnection connection, DbTransaction transaction, FactStore store, FactKey key,
        IReadOnlyList<TeamFact> facts, int minimumRespondents, List<CellDelta>? cellChanges, CancellationToken cancellationToken)
    {
        var (organisationId, instrumentKey, instrumentVersion, period) = key;
        var existing = await store.ContributionAsync(key, cancellationToken);
        var deltas = new List<CellDelta>();
        if (existing is { Counted: 1 })
        {
            deltas.AddRange(JsonSerializer.Deserialize<Dictionary<string, double>>(existing.Scores)!.SelectMany(p => CellDelta.Of(existing, p.Key, p.Value)).Select(d => d.Negated()));
        }

        if (facts.Count == 0)
        {
            await store.DeleteContributionAsync(key, cancellationToken);
            deltas.AddRange(await RechooseYearAsync(store, key, cancellationToken));
            await WriteAsync(connection, transaction, QuarterOrYear(period, deltas), cellChanges, cancellationToken);
            return false;
        }

        var (contribution, means) = TeamCombination.Combine(organisationId, instrumentKey, instrumentVersion, period, facts, minimumRespondents);
        var counted = contribution.Counted == 1;
        await store.SaveContributionAsync(contribution, cancellationToken);

        if (counted)
        {
            deltas.AddRange(means.SelectMany(m => CellDelta.Of(contribution, m.Key, m.Value)));
        }

        deltas = QuarterOrYear(period, deltas);
        deltas.AddRange(await RechooseYearAsync(store, key, cancellationToken));
        await WriteAsync(connection, transaction, deltas, cellChanges, cancellationToken);
        return counted;
    }

    // A contribution of a year period adds to no cell itself: the year cells come from the year's chosen contribution.
    private static List<CellDelta> QuarterOrYear(string period, List<CellDelta> deltas) =>
        Period.Parse(period).Quarter is null ? deltas.Where(d => d.Period != period).ToList() : deltas;

    /// <summary>
    /// Chooses again which contribution the organisation counts with in the year of <paramref name="period"/>:
    /// its latest counted one of the year or any of its quarters. Returns the year cells' changes.
    /// </summary>
    private static async Task<List<CellDelta>> RechooseYearAsync(FactStore store, FactKey of, CancellationToken cancellationToken)
    {
        var (organisationId, instrumentKey, instrumentVersion, period) = of;
        var year = Period.Parse(period).Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var key = of with { Period = year };
        var candidates = await store.ContributionsOfYearAsync(key, cancellationToken);
        var chosen = candidates.Where(c => c.Counted == 1).MaxBy(c => (Microseconds(c.CompletedAt), c.ScanId));
        var existing = await store.YearContributionAsync(key, cancellationToken);
        var deltas = new List<CellDelta>();
        if (existing is not null)
        {
            deltas.AddRange(JsonSerializer.Deserialize<Dictionary<string, double>>(existing.Scores)!.SelectMany(p => CellDelta.Of(existing, p.Key, p.Value)).Select(d => d.Negated()));
        }

        if (chosen is null)
        {
            await store.DeleteYearContributionAsync(key, cancellationToken);
            return deltas;
        }

        var yearly = new Contribution
        {
            OrganisationId = organisationId,
            InstrumentKey = instrumentKey,
            InstrumentVersion = instrumentVersion,
            Period = year,
            ScanId = chosen.ScanId,
            CompletedAt = chosen.CompletedAt,
            SbiVersion = chosen.SbiVersion,
            SectorSection = chosen.SectorSection,
            SizeClass = chosen.SizeClass,
            Province = chosen.Province,
            RespondentCount = chosen.RespondentCount,
            Counted = 1,
            Scores = chosen.Scores,
            ProgrammeIds = chosen.ProgrammeIds,
            SbiCode = chosen.SbiCode,
            Scores100 = chosen.Scores100,
            Roles = chosen.Roles,
        };
        await store.SaveYearContributionAsync(yearly, cancellationToken);
        deltas.AddRange(JsonSerializer.Deserialize<Dictionary<string, double>>(yearly.Scores)!.SelectMany(p => CellDelta.Of(yearly, p.Key, p.Value)));
        return deltas;
    }

    // Cells are shared between organisations: every transaction updates them in the same (key) order, so
    // two transactions never wait for each other in a cycle. A batch collects its changes and writes them once.
    private Task WriteAsync(DbConnection connection, DbTransaction transaction, List<CellDelta> deltas, List<CellDelta>? cellChanges, CancellationToken cancellationToken)
    {
        if (cellChanges is not null)
        {
            cellChanges.AddRange(deltas);
            return Task.CompletedTask;
        }

        return AddAllAsync(connection, transaction, deltas, cancellationToken);
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
        var yearly = await connection.QueryAsync<Contribution>(new CommandDefinition(statements.YearContributionsOf, key, transaction, cancellationToken: cancellationToken));

        // Quarter contributions add to quarter cells; year cells hold only the chosen year contributions.
        var deltas = contributions
            .Where(c => c.Counted == 1 && Period.Parse(c.Period).Quarter is not null)
            .Concat(yearly)
            .SelectMany(c => JsonSerializer.Deserialize<Dictionary<string, double>>(c.Scores)!.SelectMany(s => CellDelta.Of(c, s.Key, s.Value)))
            .Select(d => d.Negated());
        await AddAllAsync(connection, transaction, deltas, cancellationToken);

        await connection.ExecuteAsync(new CommandDefinition(statements.DeleteContributionsOf, key, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(statements.DeleteTeamFactsOf, key, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(statements.DeleteYearContributionsOf, key, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(statements.Tombstone, new { organisation_id = organisationId, erased_at = erasedAt }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Whether <paramref name="scan"/> replaces <paramref name="existing"/>: it completed later, and of
    /// two scans completed at the same instant the one with the greater id, so the outcome never
    /// depends on the order in which they arrive.
    /// </summary>
    /// <remarks>Instants compare to the microsecond, the precision every engine stores (PostgreSQL keeps no more).</remarks>
    public static bool IsLater(TeamFact scan, TeamFact existing)
    {
        if (scan.ScanId == existing.ScanId)
        {
            return false;
        }

        var incoming = Microseconds(scan.CompletedAt);
        var stored = Microseconds(existing.CompletedAt);
        return incoming > stored || (incoming == stored && scan.ScanId.CompareTo(existing.ScanId) > 0);
    }

    internal static long Microseconds(DateTimeOffset instant) => instant.UtcTicks / TimeSpan.TicksPerMicrosecond;

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

    /// <summary>The instrument may not be benchmarked: its scans are never aggregated.</summary>
    NotAggregated,

    /// <summary>A version 1 message whose version 2 twin is applied instead.</summary>
    CarriedByV2,
}
