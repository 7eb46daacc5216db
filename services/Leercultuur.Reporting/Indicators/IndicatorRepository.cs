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
}
