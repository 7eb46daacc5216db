using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;

namespace Leercultuur.Reporting.Aggregation;

/// <summary>
/// Keeps what each instrument version declares it continues (<see cref="ScanCompletedV2.ComparableTo"/>)
/// and answers which dimensions of which versions form one series.
/// </summary>
/// <remarks>
/// Recorded in a short statement of its own before the batch's transaction, not inside it: a declaration
/// is a fact about the instrument that every scan of the version repeats, so losing a rolled-back batch
/// loses nothing, and one row written by every batch inside its transaction would make batches wait on
/// each other (and, beside the organisation locks, in a cycle). Each version is written once per process.
/// </remarks>
public sealed class InstrumentVersions(Database<ReportingModule> database)
{
    private readonly AggregateStatements statements = new(database.Dialect);
    private readonly ConcurrentDictionary<(string, int), bool> recorded = new();

    public async Task RecordAsync(IEnumerable<ScanCompletedV2> scans, CancellationToken cancellationToken)
    {
        foreach (var scan in scans.Where(s => s.ComparableTo is not null).DistinctBy(s => (s.InstrumentKey, s.InstrumentVersion)))
        {
            if (recorded.ContainsKey((scan.InstrumentKey, scan.InstrumentVersion)))
            {
                continue;
            }

            await using var connection = await database.OpenAsync(cancellationToken);
            var key = new { instrument_key = scan.InstrumentKey, instrument_version = scan.InstrumentVersion };
            if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(statements.InstrumentVersionRecorded, key, cancellationToken: cancellationToken)) == 0)
            {
                // A declaration applies from the version's first fact on. One that arrives after facts of its version
                // (messages from before comparableTo existed) is kept but not applied: pooling those facts into an
                // earlier version's releases would turn periods released apart into one, and the comparison of the
                // two could give away fewer than k organisations. A replay into a fresh database applies it.
                var applied = await connection.ExecuteScalarAsync<long>(new CommandDefinition(statements.VersionHasFacts, key, cancellationToken: cancellationToken)) == 0;
                await connection.ExecuteAsync(new CommandDefinition(
                    statements.SaveInstrumentVersion,
                    new
                    {
                        key.instrument_key,
                        key.instrument_version,
                        comparable_to = scan.ComparableTo!.Version,
                        dimensions = JsonSerializer.Serialize((scan.ComparableTo.Dimensions ?? new Dictionary<string, string>()).OrderBy(d => d.Key, StringComparer.Ordinal).ToDictionary(d => d.Key, d => d.Value)),
                        applied = applied ? 1 : 0,
                    },
                    cancellationToken: cancellationToken));
            }

            recorded[(scan.InstrumentKey, scan.InstrumentVersion)] = true;
        }
    }

    /// <summary>The declarations of one instrument's versions.</summary>
    public async Task<InstrumentSeries> SeriesAsync(string instrument, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await SeriesAsync(connection, null, instrument, cancellationToken);
    }

    /// <summary>The declarations of one instrument's versions, read on a connection (inside its transaction, if any).</summary>
    public async Task<InstrumentSeries> SeriesAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, string instrument, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(int Version, int ComparableTo, string Dimensions)>(new CommandDefinition(
            statements.InstrumentVersionsOf, new { instrument_key = instrument }, transaction, cancellationToken: cancellationToken));
        return new InstrumentSeries(rows.ToDictionary(
            r => r.Version,
            r => (r.ComparableTo, JsonSerializer.Deserialize<Dictionary<string, string>>(r.Dimensions) ?? [])));
    }
}

/// <summary>
/// Which (version, dimension) pairs form one series: a dimension a version declares comparable with an
/// earlier version's continues that one's series; any other starts its own. A series is named by its
/// first version and that version's dimension key.
/// </summary>
/// <remarks>
/// Versions form families: a version that declares at least one dimension comparable joins the family of
/// the version it declares; one that declares nothing starts a family of its own. A family is released as
/// one unit per period, under its first version (its base), so organisations that scanned with different
/// versions of one family in the same period are pooled in the cells of every series they share.
/// </remarks>
public sealed class InstrumentSeries(IReadOnlyDictionary<int, (int ComparableTo, Dictionary<string, string> Dimensions)> declarations)
{
    /// <summary>The separator of a series key in a release whose base is not the series' first version.</summary>
    private const char VersionMark = '@';

    /// <summary>The first version of <paramref name="version"/>'s family.</summary>
    public int Base(int version)
    {
        for (var step = 0; step < 1000 && declarations.TryGetValue(version, out var declared) && declared.ComparableTo < version && declared.Dimensions.Count > 0; step++)
        {
            version = declared.ComparableTo;
        }

        return version;
    }

    /// <summary>The versions of the family whose base is <paramref name="baseVersion"/>, in order (the base first).</summary>
    public IReadOnlyList<int> Family(int baseVersion) =>
        declarations.Keys.Where(v => v != baseVersion && Base(v) == baseVersion).Append(baseVersion).Order().ToList();

    /// <summary>
    /// The table a dimension of a version is released in, inside its family's release: the series' first
    /// dimension key, marked with the series' first version where that is not the family's base (a later
    /// version may start a series under a key an earlier one used for another).
    /// </summary>
    public string TableDimension(int baseVersion, int version, string dimension) => SeriesTable(baseVersion, Root(version, dimension));

    /// <summary>The table of a series in the release of <paramref name="baseVersion"/>'s family.</summary>
    public static string SeriesTable(int baseVersion, (int Version, string Dimension) series) =>
        series.Version == baseVersion ? series.Dimension : $"{series.Dimension}{VersionMark}{series.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The series of a table of the release of <paramref name="baseVersion"/>'s family: the inverse of <see cref="TableDimension"/>.</summary>
    public static (int Version, string Dimension) SeriesOfTable(int baseVersion, string tableDimension)
    {
        var mark = tableDimension.LastIndexOf(VersionMark);
        return mark > 0 && int.TryParse(tableDimension.AsSpan(mark + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var first)
            ? (first, tableDimension[..mark])
            : (baseVersion, tableDimension);
    }

    /// <summary>Whether scans of <paramref name="version"/> count in <paramref name="series"/>: it is the series' first version or declares one of its keys part of it.</summary>
    public bool Carries(int version, (int Version, string Dimension) series) =>
        version == series.Version
        || (declarations.TryGetValue(version, out var declared) && declared.Dimensions.Keys.Any(key => Root(version, key) == series));

    /// <summary>The key <paramref name="version"/> has for a dimension of <paramref name="series"/> (the series' own key where it declares none).</summary>
    public string KeyIn(int version, (int Version, string Dimension) series) =>
        version != series.Version && declarations.TryGetValue(version, out var declared)
            ? declared.Dimensions.Keys.Where(key => Root(version, key) == series).Order(StringComparer.Ordinal).FirstOrDefault() ?? series.Dimension
            : series.Dimension;

    /// <summary>The series a key of any version belongs to: every version that declares the key, and the key as a series of its own first version.</summary>
    public IEnumerable<(int Version, string Dimension)> SeriesOfKey(string key, IEnumerable<(int Version, string Dimension)> held) =>
        declarations.Where(d => d.Value.Dimensions.ContainsKey(key)).Select(d => Root(d.Key, key))
            .Concat(held.Where(h => h.Dimension == key))
            .Distinct();

    /// <summary>Every version whose scans count in <paramref name="series"/>: its first version and each that declares a key of it.</summary>
    public IReadOnlyList<int> VersionsCarrying((int Version, string Dimension) series) =>
        declarations.Keys.Where(v => v != series.Version && Carries(v, series)).Append(series.Version).Order().ToList();

    /// <summary>The series a key has in the latest version that has it (the key itself as a series of its own where no version has it).</summary>
    public (int Version, string Dimension) LatestSeriesOfKey(string key, IEnumerable<(int Version, string Dimension)> held) =>
        declarations.Where(d => d.Value.Dimensions.ContainsKey(key)).Select(d => (Has: d.Key, Series: Root(d.Key, key)))
            .Concat(held.Where(h => h.Dimension == key).Select(h => (Has: h.Version, Series: h)))
            .DefaultIfEmpty((Has: 0, Series: (0, key)))
            .MaxBy(c => c.Has).Series;
    public (int Version, string Dimension) Root(int version, string dimension)
    {
        // Declarations point to earlier versions only (the scan service refuses others); the bound guards a bad row.
        for (var step = 0; step < 1000 && declarations.TryGetValue(version, out var declared) && declared.ComparableTo < version && declared.Dimensions.TryGetValue(dimension, out var earlier); step++)
        {
            (version, dimension) = (declared.ComparableTo, earlier);
        }

        return (version, dimension);
    }
}
