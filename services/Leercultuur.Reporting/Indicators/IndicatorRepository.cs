using Dapper;
using Leercultuur.Data;

namespace Leercultuur.Reporting.Indicators;

public sealed class IndicatorRepository(Database<ReportingModule> database)
{
    /// <summary>The summed national cells.</summary>
    public Task<IReadOnlyList<RawCell>> CellsAsync(string instrument, string period, IReadOnlyList<GroupDimension> groupBy, CancellationToken cancellationToken) =>
        CellsAsync(instrument, period, groupBy, null, cancellationToken);

    /// <summary>The summed cells of the national family, or of one programme's when <paramref name="programme"/> is given.</summary>
    public async Task<IReadOnlyList<RawCell>> CellsAsync(string instrument, string period, IReadOnlyList<GroupDimension> groupBy, Guid? programme, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RawCell>(new CommandDefinition(
            IndicatorStatements.Query(groupBy, programme is not null),
            new { instrument, period, programme },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>
    /// The cells of a grouping as every answer of the API gives them: primary, complement and secondary
    /// suppression applied to the grouping as a whole, so a benchmark picked from it is the very cell the
    /// indicators show, never a figure they suppress.
    /// </summary>
    public async Task<IReadOnlyList<IndicatorCell>> PublishedAsync(string instrument, string period, IReadOnlyList<GroupDimension> groupBy, Guid? programme, int minimumOrganisations, CancellationToken cancellationToken)
    {
        var cells = await CellsAsync(instrument, period, groupBy, programme, cancellationToken);
        var complement = programme is null
            ? DisclosureControl.ComplementRule(await ProgrammeCountsAsync(instrument, period, groupBy, cancellationToken), minimumOrganisations)
            : DisclosureControl.ComplementRule(
                (await CellsAsync(instrument, period, groupBy, null, cancellationToken)).ToDictionary(c => c.Key, c => c.Organisations),
                minimumOrganisations);
        return DisclosureControl.Apply(cells, groupBy, minimumOrganisations, complement);
    }

    /// <summary>Per programme, its organisations in each cell of the grouping.</summary>
    public async Task<IReadOnlyList<RawCell>> ProgrammeCountsAsync(string instrument, string period, IReadOnlyList<GroupDimension> groupBy, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RawCell>(new CommandDefinition(
            IndicatorStatements.ProgrammeCounts(groupBy),
            new { instrument, period },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }
}
