using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Reporting.Aggregation;
using Leercultuur.Reporting.Indicators;
using Microsoft.Extensions.Options;

namespace Leercultuur.Reporting.Observations;

/// <summary>
/// Releases a period of an instrument version: computes every cell of every table family (national and
/// per programme, every dimension) from the facts, protects them as one system with the periods of the
/// same year already released, and stores the observations the API shows. A later release of the same
/// period (a revision) is held back when it would hide a shown figure or change it by fewer than k
/// organisations: comparing the two would reveal those organisations.
/// </summary>
public sealed class ReleaseBuilder(Database<ReportingModule> database, IOptions<DisclosureOptions> disclosure, TimeProvider time)
{
    private readonly ReleaseStatements statements = new(database.Dialect);
    private readonly TableGeometry geometry = TableGeometry.Instance;
    private readonly InstrumentVersions versions = new(database);

    public static string YearLock(string instrument, int version, int year) => $"reporting:release:{instrument}:{version}:{year}";

    /// <summary>Releases the period of <paramref name="version"/>'s family (every comparable version scanned in it, pooled).</summary>
    public Task<ReleaseOutcome> ReleaseAsync(string instrument, int version, string period, CancellationToken cancellationToken) =>
        database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var parsed = Period.Parse(period);
                var series = await versions.SeriesAsync(connection, transaction, instrument, cancellationToken);
                var family = series.Base(version);
                await database.LockAsync(connection, transaction, YearLock(instrument, family, parsed.Year), cancellationToken);
                return await ReleaseAsync(connection, transaction, series, instrument, family, parsed, cancellationToken);
            },
            cancellationToken);

    /// <summary>
    /// Releases the periods together in one transaction, in the order given (quarters before their year):
    /// readers see every old release until the commit and every new one after it, never a mix. A period
    /// that fails rolls all of them back. The year locks are taken up front, in one order, so this never
    /// waits in a cycle with the release job (which holds one at a time).
    /// </summary>
    public async Task<IReadOnlyList<ReleaseOutcome>> ReleaseTogetherAsync(IReadOnlyList<(string Instrument, int Version, string Period)> periods, CancellationToken cancellationToken)
    {
        // The queue marks are taken off after the commit, in a short transaction of their own: inside the long
        // one they would be held while the ingest marks the same rows in another order (a year sorts before
        // its quarters), and every ingest batch would wait for the whole rebuild.
        var unmarks = new List<(PeriodKey Key, DateTimeOffset Mark)>();
        var outcomes = await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                unmarks.Clear();
                var series = new Dictionary<string, InstrumentSeries>(StringComparer.Ordinal);
                foreach (var instrument in periods.Select(p => p.Instrument).Distinct(StringComparer.Ordinal))
                {
                    series[instrument] = await versions.SeriesAsync(connection, transaction, instrument, cancellationToken);
                }

                // Each version's period is released with its family's: once per family, quarters before their year.
                var units = periods.Select(p => (p.Instrument, Version: series[p.Instrument].Base(p.Version), p.Period)).Distinct()
                    .OrderBy(u => u.Instrument, StringComparer.Ordinal).ThenBy(u => u.Version)
                    .ThenBy(u => Period.Parse(u.Period).Year).ThenBy(u => Period.Parse(u.Period).Quarter ?? 5)
                    .ToList();
                foreach (var yearLock in units.Select(p => YearLock(p.Instrument, p.Version, Period.Parse(p.Period).Year)).Distinct().Order(StringComparer.Ordinal))
                {
                    await database.LockAsync(connection, transaction, yearLock, cancellationToken);
                }

                var outcomes = new List<ReleaseOutcome>(units.Count);
                foreach (var (instrument, version, period) in units)
                {
                    outcomes.Add(await ReleaseAsync(connection, transaction, series[instrument], instrument, version, Period.Parse(period), cancellationToken, unmarks));
                }

                return (IReadOnlyList<ReleaseOutcome>)outcomes;
            },
            cancellationToken);
        if (unmarks.Count > 0)
        {
            await database.InTransactionAsync(
                async (connection, transaction) =>
                {
                    foreach (var (key, mark) in unmarks.OrderBy(u => (u.Key.instrument_key, u.Key.instrument_version, u.Key.period)))
                    {
                        await UnmarkAsync(connection, transaction, key, mark, cancellationToken);
                    }

                    return true;
                },
                cancellationToken);
        }

        return outcomes;
    }

    /// <param name="version">The family's base version: the release holds every version of the family.</param>
    /// <param name="deferredUnmarks">Where to leave the queue mark for the caller to take off after its commit; null: taken off here.</param>
    private async Task<ReleaseOutcome> ReleaseAsync(
        DbConnection connection, DbTransaction transaction, InstrumentSeries series, string instrument, int version, Period period, CancellationToken cancellationToken,
        List<(PeriodKey Key, DateTimeOffset Mark)>? deferredUnmarks = null)
    {
        var options = disclosure.Value;
        var k = options.MinimumOrganisations;
        var now = time.GetUtcNow();
        var key = new PeriodKey(instrument, version, period.ToString());
        var family = series.Family(version);
        var marks = new List<(PeriodKey Key, DateTimeOffset? Mark)>();
        foreach (var member in family)
        {
            var memberKey = key with { instrument_version = member };
            marks.Add((memberKey, (await connection.QueryAsync<DateTimeOffset>(new CommandDefinition(statements.QueueMark, memberKey, transaction, cancellationToken: cancellationToken))).Cast<DateTimeOffset?>().FirstOrDefault()));
        }

        var members = await MembersAsync(connection, transaction, series, instrument, version, family, period, cancellationToken);
        var previous = await connection.QuerySingleOrDefaultAsync<ReleaseRecord>(new CommandDefinition(statements.Release, key, transaction, cancellationToken: cancellationToken));
        var existing = await RowsAsync(connection, transaction, instrument, family, period.ToString(), cancellationToken);
        var tableOf = TableOf(version);
        var year = await YearContextAsync(connection, transaction, series, instrument, version, family, period, cancellationToken);
        year.Members[period.ToString()] = members;

        // Each dimension's all-respondents table first, then its role tables, which are checked against it.
        var tables = members.SelectMany(m => m.Tables).Concat(existing.Select(tableOf)).Distinct()
            .OrderBy(t => t.Dimension, StringComparer.Ordinal).ThenBy(t => t.IsRole).ThenBy(t => t.Role, StringComparer.Ordinal).ToList();
        var programmes = members.SelectMany(m => m.Programmes).Select(p => p.ToString("D"))
            .Concat(existing.Select(r => r.Programme).Where(p => p != ObservationRow.National))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        var keptHidden = existing.Any(r => r.Status == ObservationRow.Published)
            ? existing.Where(r => r.Status != ObservationRow.Published)
                .GroupBy(r => (r.Programme, tableOf(r)))
                .ToDictionary(g => g.Key, g => g.Select(r => geometry.Cell(new CellKey(r.SectorView, r.Sector, r.SizeClass, r.Province))).ToHashSet())
            : [];
        var rows = new List<ObservationRow>();
        var unprotectable = new List<string>();
        var cache = new Dictionary<string, string?[]?>(StringComparer.Ordinal);
        // The all-respondents figures of the dimension at hand, for its role tables, and each family's
        // suppression of it: a role cell is shown only beside a shown all-respondents cell.
        var wholeReasons = new Dictionary<(string Dimension, string Family), string?[]>();
        string? wholeOf = null;
        TableFigures? wholeNational = null;
        Dictionary<string, TableFigures> wholeOfProgramme = [];
        foreach (var table in tables)
        {
            var national = new TableFigures(geometry, members, table);
            var ofProgramme = programmes.ToDictionary(
                p => p,
                p => new TableFigures(geometry, members.Where(m => m.Programmes.Contains(Guid.Parse(p))), table),
                StringComparer.Ordinal);
            if (!table.IsRole)
            {
                (wholeOf, wholeNational, wholeOfProgramme) = (table.Dimension, national, ofProgramme);
            }
            else if (wholeOf != table.Dimension)
            {
                var whole = TableKey.AllRoles(table.Dimension);
                wholeOf = table.Dimension;
                wholeNational = new TableFigures(geometry, members, whole);
                wholeOfProgramme = programmes.ToDictionary(p => p, p => new TableFigures(geometry, members.Where(m => m.Programmes.Contains(Guid.Parse(p))), whole), StringComparer.Ordinal);
            }

            // A role's cell beside the all-respondents cell it is part of: the organisations without the role must
            // be k or none; and where the all-respondents cell is hidden, so is the role's. (An organisation whose
            // respondents all have the role has the same figure in both: a shown role cell could stand in for a
            // hidden all-respondents cell, in its line and in every combination with the others.)
            string? RoleComplement(string family, TableFigures figures, TableFigures whole, int c) =>
                !table.IsRole ? null
                : !wholeReasons.TryGetValue((table.Dimension, family), out var hidden) || hidden[c] is not null ? SuppressionPattern.Secondary
                : ComplementTooSmall(whole.Organisations[c], figures.Organisations[c], k) ? SuppressionPattern.RoleComplement
                : null;

            // The national cells beside every programme's (a programme knows its members; the rest must be k or none).
            var nationalPrimary = Enumerable.Range(0, geometry.CellCount).Select(c =>
                    SuppressionPattern.Primary(national.Organisations[c], national.Respondents[c], national.Largest[c], k, options.DominanceShare)
                    ?? (ofProgramme.Values.Any(p => ComplementTooSmall(national.Organisations[c], p.Organisations[c], k)) ? SuppressionPattern.ProgrammeComplement : null)
                    ?? RoleComplement(ObservationRow.National, national, wholeNational!, c))
                .ToArray();
            rows.AddRange(Protect(ObservationRow.National, table, national, nationalPrimary));

            foreach (var (programme, figures) in ofProgramme)
            {
                var primary = Enumerable.Range(0, geometry.CellCount).Select(c =>
                        SuppressionPattern.Primary(figures.Organisations[c], figures.Respondents[c], figures.Largest[c], k, options.DominanceShare)
                        ?? (ComplementTooSmall(national.Organisations[c], figures.Organisations[c], k) ? SuppressionPattern.ProgrammeComplement : null)
                        ?? RoleComplement(programme, figures, wholeOfProgramme[programme], c)
                        // Outside the programme, the organisations without the role: (n − p) − (m − q).
                        ?? (table.IsRole && ComplementTooSmall(wholeNational!.Organisations[c] - wholeOfProgramme[programme].Organisations[c], national.Organisations[c] - figures.Organisations[c], k) ? SuppressionPattern.ProgrammeComplement : null))
                    .ToArray();
                rows.AddRange(Protect(programme, table, figures, primary));
            }
        }

        IEnumerable<ObservationRow> Protect(string programme, TableKey table, TableFigures figures, string?[] primary)
        {
            // What the release in force hides stays hidden (where it showed anything at all): the same facts then
            // give the same pattern however the periods of the year were released before (a rebuild changes
            // nothing), and changed facts keep the pattern a revision must keep. Hiding more is always safe.
            if (keptHidden.TryGetValue((programme, table), out var kept))
            {
                primary = primary.Select((reason, c) => reason ?? (kept.Contains(c) ? SuppressionPattern.Secondary : null)).ToArray();
            }

            var reasons = Pattern(year, programme, table, figures, primary, cache);
            if (reasons is null)
            {
                unprotectable.Add($"{table} ({(programme == ObservationRow.National ? "national" : "programme " + programme)})");
                return [];
            }

            if (!table.IsRole)
            {
                wholeReasons[(table.Dimension, programme)] = reasons;
            }

            return Rows(instrument, version, period.ToString(), programme, table, figures, reasons);
        }

        // Cells that held an organisation and are empty now keep their row, suppressed, so a sync sees them go.
        var produced = rows.Select(r => r.VersionedKey).ToHashSet();
        rows.AddRange(existing.Where(r => !produced.Contains(r.VersionedKey)).Select(r => r.Hidden(SuppressionPattern.MinimumOrganisations)));
        var pooled = members.Count == 0 ? previous?.Versions : string.Join(',', members.SelectMany(m => m.Versions).Distinct().Order());

        var hold = unprotectable.Count > 0
            ? $"No suppression pattern protects the hidden cells of {unprotectable.Count} table(s) ({string.Join(", ", unprotectable.Take(3))}{(unprotectable.Count > 3 ? ", …" : "")}) beside the year's released periods."
            : previous is null ? null : await RevisionRefusalAsync(connection, transaction, key, members, existing, rows, k, cancellationToken);
        if (hold is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(statements.SaveRelease, new
            {
                key.instrument_key,
                key.instrument_version,
                key.period,
                revision = previous?.Revision ?? 0,
                released_at = previous?.ReleasedAt ?? now,
                held_since = previous?.HeldSince ?? now,
                held_reason = hold.Length > 400 ? hold[..399] + "…" : hold,
                versions = previous?.Versions,
            }, transaction, cancellationToken: cancellationToken));

            // A revision held for too few changes waits for the next change; a pattern that could not be
            // found is tried again on the next pass.
            if (unprotectable.Count == 0)
            {
                await UnmarkOrDeferAsync(connection, transaction, marks, deferredUnmarks, cancellationToken);
            }

            return new ReleaseOutcome(instrument, version, period.ToString(), ReleaseOutcome.Held, previous?.Revision ?? 0, hold);
        }

        // A row that says what it said keeps its moment (a sync does not list it again); the period's rows are
        // then replaced in a few multi-row statements, inside the release's transaction, so no reader sees a gap.
        var before = existing.ToDictionary(r => r.VersionedKey);
        var changed = 0;
        var written = new List<ObservationRow>(rows.Count);
        foreach (var row in rows)
        {
            if (before.TryGetValue(row.VersionedKey, out var old) && old.SameAs(row))
            {
                written.Add(row.At(old.ChangedAt));
                continue;
            }

            changed++;
            written.Add(row.At(now));
        }

        if (changed > 0)
        {
            foreach (var rowVersion in family.Union(existing.Select(r => r.InstrumentVersion)).Order())
            {
                await connection.ExecuteAsync(new CommandDefinition(statements.DeleteRows, key with { instrument_version = rowVersion }, transaction, cancellationToken: cancellationToken));
            }

            foreach (var chunk in written.Chunk(ReleaseStatements.RowBatch))
            {
                var parameters = new DynamicParameters();
                for (var i = 0; i < chunk.Length; i++)
                {
                    chunk[i].AddTo(parameters, i);
                }

                var sql = chunk.Length == ReleaseStatements.RowBatch ? statements.InsertRowBatch : ReleaseStatements.InsertRows(chunk.Length);
                await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(statements.DeleteMembers, key, transaction, cancellationToken: cancellationToken));
        foreach (var chunk in members.Chunk(ReleaseStatements.MemberBatch))
        {
            var parameters = new DynamicParameters(key);
            for (var i = 0; i < chunk.Length; i++)
            {
                parameters.Add($"o{i}", chunk[i].OrganisationId);
                parameters.Add($"a{i}", chunk[i].Atom);
                parameters.Add($"f{i}", chunk[i].Fingerprint);
                parameters.Add($"p{i}", Aggregation.Contribution.JoinProgrammes(chunk[i].Programmes));
            }

            var sql = chunk.Length == ReleaseStatements.MemberBatch ? statements.InsertMemberBatch : ReleaseStatements.InsertMembers(chunk.Length);
            await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
        }

        // The versions pooled are part of what a release says (instrumentVersions): a change of them alone is a revision too.
        var moved = changed > 0 || (previous is not null && previous.VersionList.SequenceEqual(new ReleaseRecord { InstrumentVersion = version, Versions = pooled }.VersionList) is false);
        var revision = (previous?.Revision ?? 0) + (previous is null || moved ? 1 : 0);
        await connection.ExecuteAsync(new CommandDefinition(statements.SaveRelease, new
        {
            key.instrument_key,
            key.instrument_version,
            key.period,
            revision,
            released_at = previous is not null && !moved ? previous.ReleasedAt : now,
            held_since = (DateTimeOffset?)null,
            held_reason = (string?)null,
            versions = pooled,
        }, transaction, cancellationToken: cancellationToken));

        await UnmarkOrDeferAsync(connection, transaction, marks, deferredUnmarks, cancellationToken);
        return new ReleaseOutcome(instrument, version, period.ToString(), moved || previous is null ? ReleaseOutcome.Released : ReleaseOutcome.Unchanged, revision, null);
    }

    private async Task UnmarkOrDeferAsync(DbConnection connection, DbTransaction transaction, List<(PeriodKey Key, DateTimeOffset? Mark)> marks, List<(PeriodKey, DateTimeOffset)>? deferred, CancellationToken cancellationToken)
    {
        foreach (var (key, mark) in marks)
        {
            if (deferred is not null)
            {
                if (mark is { } m)
                {
                    deferred.Add((key, m));
                }

                continue;
            }

            await UnmarkAsync(connection, transaction, key, mark, cancellationToken);
        }
    }

    /// <summary>
    /// The organisations of a family's period, in organisation order (sums of floating-point figures depend
    /// on their order, and a release must come out the same however the facts arrived, on every engine).
    /// A family of one version reads the contributions the ingest keeps. A family of several pools them:
    /// per team of an organisation the latest scan, whichever version it used; an organisation whose latest
    /// team scans are all of one version counts with that version's contribution as the ingest made it, one
    /// whose teams' latest scans span versions with those scans combined as the ingest combines teams. Its
    /// dimensions go to the tables of their series. For a year: each organisation's latest counted
    /// contribution of the year or any of its quarters.
    /// </summary>
    private async Task<List<ReleaseMember>> MembersAsync(
        DbConnection connection, DbTransaction transaction, InstrumentSeries series, string instrument, int version, IReadOnlyList<int> family, Period period, CancellationToken cancellationToken)
    {
        if (family.Count == 1)
        {
            return (await connection.QueryAsync<MemberRow>(new CommandDefinition(
                    period.Quarter is null ? statements.YearMembers : statements.QuarterMembers, new PeriodKey(instrument, version, period.ToString()), transaction, cancellationToken: cancellationToken)))
                .OrderBy(row => row.OrganisationId)
                .Select(row => ReleaseMember.From(row, geometry))
                .OfType<ReleaseMember>()
                .ToList();
        }

        var minimum = disclosure.Value.MinimumRespondentsPerOrganisation;
        async Task<List<(Contribution Contribution, bool Keyed, IReadOnlyList<int> Versions)>> PooledAsync(string part)
        {
            var facts = new List<TeamFact>();
            var stored = new Dictionary<(Guid, int), Contribution>();
            foreach (var member in family)
            {
                var key = new PeriodKey(instrument, member, part);
                facts.AddRange(await connection.QueryAsync<TeamFact>(new CommandDefinition(statements.PeriodTeamFacts, key, transaction, cancellationToken: cancellationToken)));
                foreach (var contribution in await connection.QueryAsync<Contribution>(new CommandDefinition(statements.PeriodContributions, key, transaction, cancellationToken: cancellationToken)))
                {
                    stored[(contribution.OrganisationId, member)] = contribution;
                }
            }

            var pooled = new List<(Contribution, bool, IReadOnlyList<int>)>();
            var byOrganisation = facts.ToLookup(f => f.OrganisationId);
            foreach (var organisation in facts.Select(f => f.OrganisationId).Concat(stored.Keys.Select(k => k.Item1)).Distinct())
            {
                var latest = TeamCombination.LatestPerTeam(byOrganisation[organisation]);
                var used = latest.Select(f => f.InstrumentVersion).Distinct().Order().ToList();
                if (used.Count == 0)
                {
                    // A contribution without team facts (kept from before facts were): the latest of its versions.
                    var only = family.Select(v => stored.GetValueOrDefault((organisation, v))).OfType<Contribution>().MaxBy(c => (AggregateRepository.Microseconds(c.CompletedAt), c.ScanId))!;
                    pooled.Add((only, false, [only.InstrumentVersion]));
                }
                else if (used.Count == 1)
                {
                    if (stored.TryGetValue((organisation, used[0]), out var contribution))
                    {
                        pooled.Add((contribution, false, used));
                    }
                }
                else
                {
                    var keyed = latest.Select(f => f.Keyed(dimension => series.TableDimension(version, f.InstrumentVersion, dimension))).ToList();
                    var newest = latest.MaxBy(f => (AggregateRepository.Microseconds(f.CompletedAt), f.ScanId))!;
                    pooled.Add((TeamCombination.Combine(organisation, instrument, newest.InstrumentVersion, part, keyed, minimum).Contribution, true, used));
                }
            }

            return pooled;
        }

        List<(Contribution Contribution, bool Keyed, IReadOnlyList<int> Versions)> chosen;
        if (period.Quarter is not null)
        {
            chosen = (await PooledAsync(period.ToString())).Where(c => c.Contribution.Counted == 1).ToList();
        }
        else
        {
            var parts = new List<(Contribution Contribution, bool Keyed, IReadOnlyList<int> Versions)>();
            foreach (var part in Enumerable.Range(1, 4).Select(q => new Period(period.Year, q)).Append(period))
            {
                parts.AddRange(await PooledAsync(part.ToString()));
            }

            chosen = parts.Where(c => c.Contribution.Counted == 1).GroupBy(c => c.Contribution.OrganisationId)
                .Select(g => g.MaxBy(c => (AggregateRepository.Microseconds(c.Contribution.CompletedAt), c.Contribution.ScanId)))
                .ToList();
        }

        return chosen
            .OrderBy(c => c.Contribution.OrganisationId)
            .Select(c => ReleaseMember.From(
                new MemberRow
                {
                    OrganisationId = c.Contribution.OrganisationId,
                    ScanId = c.Contribution.ScanId,
                    InstrumentVersion = c.Contribution.InstrumentVersion,
                    SbiVersion = c.Contribution.SbiVersion,
                    SectorSection = c.Contribution.SectorSection,
                    SbiCode = c.Contribution.SbiCode,
                    SizeClass = c.Contribution.SizeClass,
                    Province = c.Contribution.Province,
                    RespondentCount = c.Contribution.RespondentCount,
                    Scores = c.Contribution.Scores,
                    Scores100 = c.Contribution.Scores100,
                    ProgrammeIds = c.Contribution.ProgrammeIds,
                    Roles = c.Contribution.Roles,
                },
                geometry,
                c.Keyed ? null : dimension => series.TableDimension(version, c.Contribution.InstrumentVersion, dimension)) is { } member
                ? member with { UsedVersions = c.Versions }
                : null)
            .OfType<ReleaseMember>()
            .ToList();
    }

    /// <summary>The rows in force of a family's period: those of its series, under each series' first version.</summary>
    private async Task<List<ObservationRow>> RowsAsync(DbConnection connection, DbTransaction transaction, string instrument, IReadOnlyList<int> family, string period, CancellationToken cancellationToken)
    {
        var rows = new List<ObservationRow>();
        foreach (var member in family)
        {
            rows.AddRange(await connection.QueryAsync<ObservationRow>(new CommandDefinition(statements.Rows, new PeriodKey(instrument, member, period), transaction, cancellationToken: cancellationToken)));
        }

        return rows;
    }

    /// <summary>The table of the release of <paramref name="version"/>'s family a stored row belongs to.</summary>
    private static Func<ObservationRow, TableKey> TableOf(int version) =>
        row => new TableKey(InstrumentSeries.SeriesTable(version, (row.InstrumentVersion, row.Dimension)), row.Role);

    private Task UnmarkAsync(DbConnection connection, DbTransaction transaction, PeriodKey key, DateTimeOffset? mark, CancellationToken cancellationToken) =>
        mark is null
            ? Task.CompletedTask
            : connection.ExecuteAsync(new CommandDefinition(
                statements.Unmark,
                new { key.instrument_key, key.instrument_version, key.period, changed_at = mark.Value },
                transaction,
                cancellationToken: cancellationToken));

    // Named as the columns, for Dapper.
    private sealed record PeriodKey(string instrument_key, int instrument_version, string period);

    /// <summary>
    /// Why a revision may not replace the release in force, or null. A release that showed nothing gives an
    /// attacker no equation about the past, so anything may follow it. Otherwise the revision must keep the
    /// suppression pattern exactly (no figure hidden, none newly shown: a newly shown cell minus its change,
    /// if that change can be worked out from its neighbours, is its old hidden value) and every cell that
    /// changes at all, shown or hidden, must change by at least k organisations (so every difference between
    /// the two releases, of one cell or of a line, is a group of k or more).
    /// </summary>
    private async Task<string?> RevisionRefusalAsync(
        DbConnection connection, DbTransaction transaction, PeriodKey key, IReadOnlyList<ReleaseMember> members,
        IReadOnlyList<ObservationRow> existing, IReadOnlyList<ObservationRow> rows, int k, CancellationToken cancellationToken)
    {
        if (!existing.Any(r => r.Status == ObservationRow.Published))
        {
            return null;
        }

        var before = existing.ToDictionary(r => r.VersionedKey, r => r.Status);
        var after = rows.ToDictionary(r => r.VersionedKey, r => r.Status);
        var statusChanges = before.Keys.Union(after.Keys)
            .Count(cellKey => before.GetValueOrDefault(cellKey, ObservationRow.Suppressed) != after.GetValueOrDefault(cellKey, ObservationRow.Suppressed));

        var recorded = (await connection.QueryAsync<RecordedMember>(new CommandDefinition(statements.Members, key, transaction, cancellationToken: cancellationToken))).ToList();
        var few = ChangeCounts(recorded, members).Count(c => c.Value > 0 && c.Value < k);
        return statusChanges == 0 && few == 0
            ? null
            : $"The revision would change which figures are shown in {statusChanges} cell(s) and change {few} cell(s) by fewer than {k} organisations; it waits until more organisations change.";
    }

    /// <summary>Per (family, cell): how many organisations changed between the recorded release and now.</summary>
    private Dictionary<(string, int), int> ChangeCounts(IReadOnlyList<RecordedMember> recorded, IReadOnlyList<ReleaseMember> members)
    {
        var old = recorded.ToDictionary(m => m.OrganisationId);
        var current = members.ToDictionary(m => m.OrganisationId);
        var counts = new Dictionary<(string, int), int>();
        foreach (var organisation in old.Keys.Union(current.Keys))
        {
            old.TryGetValue(organisation, out var before);
            current.TryGetValue(organisation, out var after);
            if (before is not null && after is not null && before.Atom == after.Atom && before.Fingerprint == after.Fingerprint)
            {
                continue;
            }

            var touched = new HashSet<(string, int)>();
            void Touch(string atom, IEnumerable<Guid> programmes)
            {
                var parts = atom.Split('|');
                foreach (var cell in geometry.CellsOf(parts[0], parts[1], parts[2]))
                {
                    touched.Add((ObservationRow.National, cell));
                    foreach (var programme in programmes)
                    {
                        touched.Add((programme.ToString("D"), cell));
                    }
                }
            }

            if (before is not null)
            {
                Touch(before.Atom, new Aggregation.Contribution { ProgrammeIds = before.ProgrammeIds }.Programmes());
            }

            if (after is not null)
            {
                Touch(after.Atom, after.Programmes);
            }

            foreach (var cell in touched)
            {
                counts[cell] = counts.GetValueOrDefault(cell) + 1;
            }
        }

        return counts;
    }

    private static bool ComplementTooSmall(long national, long inProgramme, int k) => national - inProgramme is > 0 and var outside && outside < k;

    /// <summary>
    /// The suppression reasons of this period's cells, protected as one system with the year's other
    /// periods where the year is (or is being) released: a year cell is taken as the sum of its quarters,
    /// the worst case (an organisation that scanned once that year), so no year minus quarters gives a hidden cell away.
    /// </summary>
    private string?[]? Pattern(YearContext year, string programme, TableKey dimension, TableFigures figures, string?[] primary, Dictionary<string, string?[]?> cache)
    {
        var cellCount = geometry.CellCount;
        var atoms = geometry.AtomCount;
        if (year.Linked)
        {
            primary = YearRemainders(year, programme, dimension, primary);
        }

        var signature = new StringBuilder(cellCount * 4);
        for (var c = 0; c < cellCount; c++)
        {
            signature.Append(figures.Organisations[c]).Append(':').Append(figures.Respondents[c]).Append(':').Append(figures.Largest[c]).Append(primary[c] is null ? '+' : primary[c]![0]).Append(',');
        }

        if (!year.Linked)
        {
            var cacheKey = Digest(signature.ToString());
            if (!cache.TryGetValue(cacheKey, out var cached))
            {
                var single = Enumerable.Range(0, cellCount).Select(c => new SystemCell(geometry.Atoms[c], figures.Organisations[c], primary[c], Respondents: figures.Respondents[c], Largest: figures.Largest[c])).ToList();
                cached = SuppressionPattern.Protect(single, geometry.Lines, atoms, disclosure.Value.MinimumOrganisations, disclosure.Value.DominanceShare);
                cache[cacheKey] = cached;
            }

            return cached;
        }

        // Five blocks of cells: Q1..Q4 then the year. A block of another period is fixed: hidden where its stored
        // row is not shown. The unknowns are exact: per quarter the scans that count for the year and those a
        // later scan replaced, and the year scans; a quarter cell is its two parts, a year cell the counted parts
        // of every quarter plus the year scans. Parts no organisation is in are known to be empty.
        var (replaced, yearOnly) = year.Structure(programme, dimension, geometry);
        for (var q = 0; q < 4; q++)
        {
            signature.Append('r').Append(string.Join('.', replaced[q].Order()));
        }

        signature.Append('y').Append(string.Join('.', yearOnly.Order()));
        var cells = new List<SystemCell>(5 * cellCount);
        var fixedHidden = new HashSet<int>();
        for (var block = 0; block < 5; block++)
        {
            var blockPeriod = year.Periods[block];
            var mine = blockPeriod == year.Releasing;
            var shown = mine ? null : year.Shown(blockPeriod, programme, dimension, geometry);
            var counts = mine ? figures.Organisations : year.Organisations(blockPeriod, programme, dimension, geometry);
            for (var c = 0; c < cellCount; c++)
            {
                var unknowns = block < 4
                    ? geometry.Atoms[c].Select(a => a + (block * atoms)).Concat(geometry.Atoms[c].Where(replaced[block].Contains).Select(a => a + ((4 + block) * atoms))).ToArray()
                    : Enumerable.Range(0, 4).SelectMany(q => geometry.Atoms[c].Select(a => a + (q * atoms))).Concat(geometry.Atoms[c].Where(yearOnly.Contains).Select(a => a + (8 * atoms))).ToArray();
                if (mine)
                {
                    cells.Add(new SystemCell(unknowns, figures.Organisations[c], primary[c], Respondents: figures.Respondents[c], Largest: figures.Largest[c]));
                }
                else
                {
                    cells.Add(new SystemCell(unknowns, counts[c], null, Fixed: true));
                    if (!shown!.Contains(c))
                    {
                        fixedHidden.Add(cells.Count - 1);
                    }

                    signature.Append(shown.Contains(c) ? '1' : '0').Append(counts[c]).Append(',');
                }
            }
        }

        var yearKey = Digest(signature.ToString());
        if (cache.TryGetValue(yearKey, out var known))
        {
            return known;
        }

        var lines = new List<(int, int[])>();
        for (var block = 0; block < 5; block++)
        {
            var offset = block * cellCount;
            lines.AddRange(geometry.Lines.Select(l => (l.Total + offset, l.Parts.Select(p => p + offset).ToArray())));
        }

        for (var c = 0; c < cellCount; c++)
        {
            lines.Add(((4 * cellCount) + c, Enumerable.Range(0, 4).Select(q => (q * cellCount) + c).ToArray()));
        }

        var reasons = SuppressionPattern.Protect(cells, lines, 9 * atoms, disclosure.Value.MinimumOrganisations, disclosure.Value.DominanceShare, fixedHidden);
        var result = reasons is null ? null : reasons.Skip(year.Periods.IndexOf(year.Releasing) * cellCount).Take(cellCount).ToArray();
        cache[yearKey] = result;
        return result;
    }

    /// <summary>
    /// A year minus some of its shown quarters is the organisations that count for the year in the other
    /// quarters, plus those a later scan replaced in the subtracted ones, plus the year's own scans: not a
    /// cell, but a group all the same. For every cell and every set of shown quarters that group must hold no
    /// organisation or at least k; otherwise the cell of the period being released (the year, or the quarter
    /// in the set) is hidden.
    /// </summary>
    private string?[] YearRemainders(YearContext year, string programme, TableKey dimension, string?[] primary)
    {
        var k = disclosure.Value.MinimumOrganisations;
        var result = (string?[])primary.Clone();
        var releasing = year.Periods.IndexOf(year.Releasing);
        var (counted, replaced, yearOnly) = year.PartCounts(programme, dimension, geometry);
        var shown = Enumerable.Range(0, 5)
            .Select(b => b == releasing ? null : year.Shown(year.Periods[b], programme, dimension, geometry))
            .ToArray();
        bool Shown(int block, int cell) => block == releasing ? result[cell] is null : shown[block]!.Contains(cell);
        for (var cell = 0; cell < geometry.CellCount; cell++)
        {
            for (var mask = 0; mask < 16 && Shown(4, cell); mask++)
            {
                var quarters = Enumerable.Range(0, 4).Where(q => (mask & (1 << q)) != 0).ToList();
                if (quarters.Any(q => !Shown(q, cell)) || (releasing < 4 && !quarters.Contains(releasing)))
                {
                    // Not a set of shown quarters, or one this release does not take part in (checked when it was made).
                    continue;
                }

                var group = Enumerable.Range(0, 4).Sum(q => quarters.Contains(q) ? replaced[q][cell] : counted[q][cell]) + yearOnly[cell];
                if (group > 0 && group < k)
                {
                    result[cell] = SuppressionPattern.Secondary;
                }
            }
        }

        return result;
    }

    private static string Digest(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The rows of a table, under its series: the series' first version and that version's key.</summary>
    private IEnumerable<ObservationRow> Rows(string instrument, int version, string period, string programme, TableKey table, TableFigures figures, string?[] reasons)
    {
        var (seriesVersion, seriesDimension) = InstrumentSeries.SeriesOfTable(version, table.Dimension);
        for (var cell = 0; cell < geometry.CellCount; cell++)
        {
            if (figures.Organisations[cell] == 0)
            {
                continue;
            }

            foreach (var cellKey in geometry.KeysOf[cell])
            {
                var row = new ObservationRow
                {
                    InstrumentKey = instrument,
                    InstrumentVersion = seriesVersion,
                    Period = period,
                    Dimension = seriesDimension,
                    Role = table.Role,
                    Programme = programme,
                    SectorView = cellKey.View,
                    Sector = cellKey.Sector,
                    SizeClass = cellKey.Size,
                    Province = cellKey.Province,
                };
                yield return reasons[cell] is { } reason
                    ? row.Hidden(reason)
                    : figures.Shown(row, cell, disclosure.Value.MinimumOrganisationsForQuartiles);
            }
        }
    }

    /// <summary>The year around the period being released: which of its periods are released, and their shown cells.</summary>
    private async Task<YearContext> YearContextAsync(
        DbConnection connection, DbTransaction transaction, InstrumentSeries series, string instrument, int version, IReadOnlyList<int> family, Period period, CancellationToken cancellationToken)
    {
        var y = period.Year;
        var periods = Enumerable.Range(1, 4).Select(q => new Period(y, q).ToString()).Append(new Period(y, null).ToString()).ToList();
        var released = new Dictionary<string, List<ObservationRow>>(StringComparer.Ordinal);
        var linked = period.Quarter is null || await connection.QuerySingleOrDefaultAsync<ReleaseRecord>(new CommandDefinition(
            statements.Release, new PeriodKey(instrument, version, y.ToString(System.Globalization.CultureInfo.InvariantCulture)), transaction, cancellationToken: cancellationToken)) is not null;
        var members = new Dictionary<string, List<ReleaseMember>>(StringComparer.Ordinal);
        foreach (var other in periods.Where(p => linked && p != period.ToString()))
        {
            var key = new PeriodKey(instrument, version, other);
            if (await connection.QuerySingleOrDefaultAsync<ReleaseRecord>(new CommandDefinition(statements.Release, key, transaction, cancellationToken: cancellationToken)) is not null)
            {
                released[other] = await RowsAsync(connection, transaction, instrument, family, other, cancellationToken);
            }

            // Every period's organisations, released or not: a hidden quarter's count decides whether a year minus the rest describes too few.
            members[other] = await MembersAsync(connection, transaction, series, instrument, version, family, Period.Parse(other), cancellationToken);
        }

        // Quarters alone share no figures: only a year (released, or being released) ties them together.
        return new YearContext(periods, period.ToString(), linked, released, members, TableOf(version));
    }

    private sealed record YearContext(
        List<string> Periods, string Releasing, bool Linked, Dictionary<string, List<ObservationRow>> Released, Dictionary<string, List<ReleaseMember>> Members, Func<ObservationRow, TableKey> TableOf)
    {
        private readonly Dictionary<(string, string, TableKey), long[]> counts = [];

        /// <summary>Per cell: organisations whose quarter scan counts for the year, whose quarter scan was replaced, and whose year scan counts.</summary>
        public (long[][] Counted, long[][] Replaced, long[] YearOnly) PartCounts(string programme, TableKey dimension, TableGeometry geometry)
        {
            bool InFamily(ReleaseMember m) => m.In(dimension) && (programme == ObservationRow.National || m.Programmes.Contains(Guid.Parse(programme)));
            var yearScans = (Members.GetValueOrDefault(Periods[4]) ?? []).Where(InFamily).ToDictionary(m => m.OrganisationId, m => m.ScanId);
            var counted = Enumerable.Range(0, 4).Select(_ => new long[geometry.CellCount]).ToArray();
            var replaced = Enumerable.Range(0, 4).Select(_ => new long[geometry.CellCount]).ToArray();
            var yearOnly = new long[geometry.CellCount];
            var quarterScans = new HashSet<(Guid, Guid)>();
            for (var q = 0; q < 4; q++)
            {
                foreach (var member in (Members.GetValueOrDefault(Periods[q]) ?? []).Where(InFamily))
                {
                    quarterScans.Add((member.OrganisationId, member.ScanId));
                    var part = yearScans.TryGetValue(member.OrganisationId, out var chosen) && chosen == member.ScanId ? counted[q] : replaced[q];
                    foreach (var cell in geometry.CellsOf(member.Section, member.SizeClass, member.Province))
                    {
                        part[cell]++;
                    }
                }
            }

            foreach (var member in (Members.GetValueOrDefault(Periods[4]) ?? []).Where(InFamily).Where(m => !quarterScans.Contains((m.OrganisationId, m.ScanId))))
            {
                foreach (var cell in geometry.CellsOf(member.Section, member.SizeClass, member.Province))
                {
                    yearOnly[cell]++;
                }
            }

            return (counted, replaced, yearOnly);
        }

        /// <summary>
        /// Per quarter the base cells holding a scan that a later scan of the year replaced, and the base cells
        /// holding a year scan: the parts where a year and its quarters differ.
        /// </summary>
        public (HashSet<int>[] Replaced, HashSet<int> YearOnly) Structure(string programme, TableKey dimension, TableGeometry geometry)
        {
            bool InFamily(ReleaseMember m) => m.In(dimension) && (programme == ObservationRow.National || m.Programmes.Contains(Guid.Parse(programme)));
            var yearScans = (Members.GetValueOrDefault(Periods[4]) ?? []).Where(InFamily).ToDictionary(m => m.OrganisationId, m => m.ScanId);
            var quarterScans = new HashSet<(Guid, Guid)>();
            var replaced = new HashSet<int>[4];
            for (var q = 0; q < 4; q++)
            {
                replaced[q] = [];
                foreach (var member in (Members.GetValueOrDefault(Periods[q]) ?? []).Where(InFamily))
                {
                    quarterScans.Add((member.OrganisationId, member.ScanId));
                    if (!(yearScans.TryGetValue(member.OrganisationId, out var chosen) && chosen == member.ScanId))
                    {
                        replaced[q].Add(geometry.Atom(member.Section, member.SizeClass, member.Province));
                    }
                }
            }

            var yearOnly = (Members.GetValueOrDefault(Periods[4]) ?? []).Where(InFamily)
                .Where(m => !quarterScans.Contains((m.OrganisationId, m.ScanId)))
                .Select(m => geometry.Atom(m.Section, m.SizeClass, m.Province))
                .ToHashSet();
            return (replaced, yearOnly);
        }

        public long[] Organisations(string period, string programme, TableKey dimension, TableGeometry geometry)
        {
            if (!counts.TryGetValue((period, programme, dimension), out var found))
            {
                var members = Members.GetValueOrDefault(period) ?? [];
                found = new TableFigures(geometry, members.Where(m => programme == ObservationRow.National || m.Programmes.Contains(Guid.Parse(programme))), dimension).Organisations;
                counts[(period, programme, dimension)] = found;
            }

            return found;
        }

        public HashSet<int> Shown(string period, string programme, TableKey dimension, TableGeometry geometry) =>
            Released.TryGetValue(period, out var rows)
                ? rows.Where(r => r.Programme == programme && r.Status == ObservationRow.Published && TableOf(r) == dimension)
                    .Select(r => geometry.Cell(new CellKey(r.SectorView, r.Sector, r.SizeClass, r.Province)))
                    .ToHashSet()
                : [];
    }
}

/// <summary>What a release of one period did.</summary>
public sealed record ReleaseOutcome(string Instrument, int InstrumentVersion, string Period, string Outcome, int Revision, string? Reason)
{
    public const string Released = "released";
    public const string Unchanged = "unchanged";
    public const string Held = "held";
    public const string Failed = "failed";
}
