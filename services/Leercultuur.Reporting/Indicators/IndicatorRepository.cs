using Dapper;
using Leercultuur.Data;

namespace Leercultuur.Reporting.Indicators;

public sealed class IndicatorRepository(Database<ReportingModule> database)
{
    public async Task<IReadOnlyList<RawCell>> CellsAsync(string instrument, string period, IReadOnlyList<GroupDimension> groupBy, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RawCell>(new CommandDefinition(
            IndicatorStatements.Query(groupBy),
            new { instrument, period },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }
}
