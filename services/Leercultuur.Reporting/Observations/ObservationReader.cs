using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;

namespace Leercultuur.Reporting.Observations;

/// <summary>
/// Reads released observations and lays them out as the query asks: every combination of the requested
/// codes, a stored row where there is one, a suppressed row (the same reason as any cell below k) where
/// the cell never held an organisation, and provisional rows for periods not released yet. Reads stored
/// rows only: the cost of a query does not grow with the number of scans.
/// </summary>
public sealed class ObservationReader(Database<ReportingModule> database, Aggregation.InstrumentVersions versions)
{
    private readonly ReleaseStatements statements = new(database.Dialect);

    /// <param name="Series">Which versions' dimensions form one series (as the versions declare).</param>
    /// <param name="Releases">The releases of the instrument, by family base and period.</param>
    public sealed record Result(IReadOnlyList<ObservationRow> Rows, int Count, bool TooMany, Aggregation.InstrumentSeries Series, IReadOnlyDictionary<(int, string), ReleaseRecord>? Releases = null)
    {
        private readonly Dictionary<(int, string, string), IReadOnlyList<int>> versions = [];

        /// <summary>
        /// The versions a row's organisations scanned with: those of its family's release that take part in
        /// the row's series (the whole release's, never the cell's: which versions are in one cell is not said).
        /// </summary>
        public IReadOnlyList<int> VersionsOf(ObservationRow row)
        {
            if (!versions.TryGetValue((row.InstrumentVersion, row.Dimension, row.Period), out var found))
            {
                var root = Series.Root(row.InstrumentVersion, row.Dimension);
                found = Releases is not null && Releases.TryGetValue((Series.Base(row.InstrumentVersion), row.Period), out var release) && release.Revision > 0
                    ? release.VersionList.Where(v => Series.Carries(v, root)).ToList()
                    : [];
                versions[(row.InstrumentVersion, row.Dimension, row.Period)] = found;
            }

            return found;
        }
    }

    /// <summary>The (version, period, dimension) triples reporting holds for an instrument, released or not.</summary>
    public async Task<IReadOnlyList<(int Version, string Period, string Dimension)>> HeldAsync(string instrument, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(int, string, string)>(new CommandDefinition(
            statements.Held,
            new { instrument },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>The programmes with released rows of an instrument.</summary>
    public async Task<IReadOnlyList<string>> ProgrammesAsync(string instrument, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            statements.Programmes,
            new { instrument },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public async Task<IReadOnlyDictionary<(int, string), ReleaseRecord>> ReleasesAsync(string instrument, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReleaseRecord>(new CommandDefinition(statements.ReleasesOf, new { instrument_key = instrument }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => (r.InstrumentVersion, r.Period));
    }

    /// <param name="programmes">The programme families to give when grouping by programme (already limited to what the caller may see).</param>
    public async Task<Result> ReadAsync(ObservationQuery query, IReadOnlyList<string> programmes, CancellationToken cancellationToken)
    {
        var held = await HeldAsync(query.Instrument, cancellationToken);
        var series = await versions.SeriesAsync(query.Instrument, cancellationToken);
        var periods = query.PeriodsFrom(held.Select(h => Period.Parse(h.Period)));
        if (periods.Count == 0)
        {
            return new Result([], 0, false, series);
        }

        // A dimension asked for (by the key of any version) brings its whole series.
        var heldSeries = held.Select(h => series.Root(h.Version, h.Dimension)).Distinct().ToList();
        var askedSeries = query.Dimensions.SelectMany(d => series.SeriesOfKey(d, heldSeries)).ToHashSet();
        bool WantedDimension(int version, string dimension) =>
            query.Dimensions.Count == 0 || askedSeries.Contains(series.Root(version, dimension));

        var releases = await ReleasesAsync(query.Instrument, cancellationToken);
        var wanted = periods.Select(p => p.ToString()).ToHashSet(StringComparer.Ordinal);
        var first = periods.Select(p => p.ToString()).Min(StringComparer.Ordinal)!;
        var last = periods.Select(p => p.ToString()).Max(StringComparer.Ordinal)!;

        var families = query.Groups(ObservationQuery.Programme) ? programmes : [ObservationRow.National];
        List<ObservationRow> stored;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            stored = (await connection.QueryAsync<ObservationRow>(new CommandDefinition(
                ReleaseStatements.Observations(query.Groups(ObservationQuery.Sector), query.Groups(ObservationQuery.SizeClass), query.Groups(ObservationQuery.Province), query.Groups(ObservationQuery.Programme), !query.AllRespondentsOnly),
                new { instrument_key = query.Instrument, first, last, sector_view = query.SbiVersion },
                cancellationToken: cancellationToken))).ToList();
        }

        var sectorView = query.SbiVersion;
        var sectors = Codes(query, ObservationQuery.Sector, SbiCorrespondence.Instance.Sections(sectorView).Select(c => c.Value));
        var sizes = Codes(query, ObservationQuery.SizeClass, ObservationCodes.SizeClasses.Select(c => c.Value));
        var provinces = Codes(query, ObservationQuery.Province, ObservationCodes.Provinces.Select(c => c.Value));
        bool Selected(ObservationRow row) =>
            wanted.Contains(row.Period)
            && WantedDimension(row.InstrumentVersion, row.Dimension)
            && query.Roles.Contains(row.Role)
            && families.Contains(row.Programme)
            && sectors.Contains(row.Sector) && (row.Sector == ObservationCodes.Total ? row.SectorView == 0 : row.SectorView == sectorView)
            && sizes.Contains(row.SizeClass)
            && provinces.Contains(row.Province);

        var byKey = stored.Where(Selected).ToDictionary(r => (r.InstrumentVersion, r.Period, r.Key));

        // Periods asked for by name that are not released yet are listed as provisional, with the versions and
        // dimensions released of the instrument (nothing about their own scans: not even whether there are any).
        var known = held.Select(h => (h.Version, h.Dimension)).Distinct().ToList();
        var heldPeriods = held.Select(h => h.Period).ToHashSet(StringComparer.Ordinal);
        var provisional = query.Start is null && query.End is null
            ? []
            : periods.Select(p => p.ToString()).Where(p => !heldPeriods.Contains(p)).SelectMany(p => known.Select(k => (k.Version, Period: p, k.Dimension)));
        var triples = held
            .Concat(provisional)
            .Where(h => wanted.Contains(h.Period) && WantedDimension(h.Version, h.Dimension))
            // A sync gives every row of each period whose release changed since the moment: whole tables, so
            // what it lists never depends on which cells hold organisations.
            .Where(h => query.UpdatedAfter is not { } since || (releases.TryGetValue((series.Base(h.Version), h.Period), out var r) && r.ReleasedAt > since))
            .Distinct()
            .OrderBy(h => Period.Parse(h.Period).Year).ThenBy(h => Period.Parse(h.Period).Quarter ?? 0).ThenBy(h => h.Version).ThenBy(h => h.Dimension, StringComparer.Ordinal)
            .ToList();
        var count = (long)triples.Count * query.Roles.Count * families.Count * sectors.Count * sizes.Count * provinces.Count;
        if (count > ObservationQuery.MaxRows)
        {
            return new Result([], (int)Math.Min(count, int.MaxValue), true, series, releases);
        }

        var rows = new List<ObservationRow>((int)count);
        foreach (var (version, period, dimension) in triples)
        {
            var released = releases.TryGetValue((series.Base(version), period), out var release) && release.Revision > 0;
            var moment = released ? release!.ReleasedAt : default;
            foreach (var (role, programme) in query.Roles.SelectMany(r => families.Select(f => (r, f))))
            {
                foreach (var sector in sectors)
                {
                    var view = sector == ObservationCodes.Total ? 0 : sectorView;
                    foreach (var size in sizes)
                    {
                        foreach (var province in provinces)
                        {
                            var key = (dimension, role, programme, view, sector, size, province);
                            if (released && byKey.TryGetValue((version, period, key), out var row))
                            {
                                rows.Add(row.At(moment));
                                continue;
                            }

                            rows.Add(new ObservationRow
                            {
                                InstrumentKey = query.Instrument,
                                InstrumentVersion = version,
                                Period = period,
                                Dimension = dimension,
                                Role = role,
                                Programme = programme,
                                SectorView = view,
                                Sector = sector,
                                SizeClass = size,
                                Province = province,
                                Status = released ? ObservationRow.Suppressed : ObservationRow.Provisional,
                                Reason = released ? SuppressionPattern.MinimumOrganisations : null,
                                ChangedAt = moment,
                            });
                        }
                    }
                }
            }
        }

        return new Result(rows, rows.Count, false, series, releases);
    }

    // A grouped dimension's codes: those asked for, or all of them; an ungrouped one is its total.
    private static List<string> Codes(ObservationQuery query, string dimension, IEnumerable<string> all)
    {
        if (!query.Groups(dimension))
        {
            return [ObservationCodes.Total];
        }

        var asked = dimension switch
        {
            ObservationQuery.Sector => query.Sectors,
            ObservationQuery.SizeClass => query.SizeClasses,
            _ => query.Provinces,
        };
        return asked.Count > 0 ? asked.ToList() : all.ToList();
    }
}
