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
            await connection.ExecuteAsync(new CommandDefinition(
                statements.SaveInstrumentVersion,
                new
                {
                    instrument_key = scan.InstrumentKey,
                    instrument_version = scan.InstrumentVersion,
                    comparable_to = scan.ComparableTo!.Version,
                    dimensions = JsonSerializer.Serialize((scan.ComparableTo.Dimensions ?? new Dictionary<string, string>()).OrderBy(d => d.Key, StringComparer.Ordinal).ToDictionary(d => d.Key, d => d.Value)),
                },
                cancellationToken: cancellationToken));
            recorded[(scan.InstrumentKey, scan.InstrumentVersion)] = true;
        }
    }

    /// <summary>The declarations of one instrument's versions.</summary>
    public async Task<InstrumentSeries> SeriesAsync(string instrument, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(int Version, int ComparableTo, string Dimensions)>(new CommandDefinition(
            statements.InstrumentVersionsOf, new { instrument_key = instrument }, cancellationToken: cancellationToken));
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
public sealed class InstrumentSeries(IReadOnlyDictionary<int, (int ComparableTo, Dictionary<string, string> Dimensions)> declarations)
{
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
