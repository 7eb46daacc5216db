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

    /// <summary>
    /// Applies a completed scan. When the organisation already contributed to the same instrument,
    /// version and period, the later scan replaces the earlier; an older scan arriving late changes nothing.
    /// </summary>
    public async Task<ApplyResult> ApplyAsync(DbConnection connection, DbTransaction transaction, ScanCompleted scan, int minimumRespondents, CancellationToken cancellationToken)
    {
        var key = new
        {
            organisation_id = scan.OrganisationId,
            instrument_key = scan.InstrumentKey,
            instrument_version = scan.InstrumentVersion,
            period = scan.Period,
        };
        var existing = await connection.QuerySingleOrDefaultAsync<Contribution>(new CommandDefinition(statements.FindContribution, key, transaction, cancellationToken: cancellationToken));
        if (existing is not null && (existing.ScanId == scan.ScanId || existing.CompletedAt > scan.CompletedAt))
        {
            return ApplyResult.Stale;
        }

        if (existing is { Counted: 1 })
        {
            var previous = JsonSerializer.Deserialize<Dictionary<string, double>>(existing.Scores)!;
            foreach (var (dimension, mean) in previous)
            {
                await AddAsync(connection, transaction, existing.InstrumentKey, existing.InstrumentVersion, dimension, existing.Period, existing.SbiVersion, existing.SectorSection, existing.SizeClass, existing.Province, -1, -existing.RespondentCount, -mean, -(mean * mean), cancellationToken);
            }
        }

        var counted = scan.RespondentCount >= minimumRespondents;
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
            },
            transaction,
            cancellationToken: cancellationToken));

        if (!counted)
        {
            return existing is null ? ApplyResult.TooFewRespondents : ApplyResult.Replaced;
        }

        foreach (var score in scan.Scores)
        {
            await AddAsync(connection, transaction, scan.InstrumentKey, scan.InstrumentVersion, score.Dimension, scan.Period, scan.Sector.SbiVersion, scan.Sector.Section, scan.SizeClass, scan.Province, 1, scan.RespondentCount, score.Mean, score.Mean * score.Mean, cancellationToken);
        }

        return existing is null ? ApplyResult.Added : ApplyResult.Replaced;
    }

    private Task AddAsync(
        DbConnection connection,
        DbTransaction transaction,
        string instrumentKey,
        int instrumentVersion,
        string dimension,
        string period,
        int sbiVersion,
        string sectorSection,
        string sizeClass,
        string province,
        int organisations,
        int respondents,
        double sumOfMeans,
        double sumOfSquares,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            statements.AddToCell,
            new
            {
                instrument_key = instrumentKey,
                instrument_version = instrumentVersion,
                dimension,
                period,
                sbi_version = sbiVersion,
                sector_section = sectorSection,
                size_class = sizeClass,
                province,
                organisations,
                respondents,
                sum_of_means = sumOfMeans,
                sum_of_squares = sumOfSquares,
            },
            transaction,
            cancellationToken: cancellationToken));
}

public enum ApplyResult
{
    Added,
    Replaced,
    Stale,
    TooFewRespondents,
}
