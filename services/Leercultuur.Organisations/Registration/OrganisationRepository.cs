using System.Data.Common;
using Dapper;
using Leercultuur.Data;

namespace Leercultuur.Organisations.Registration;

public sealed class OrganisationRepository(Database<OrganisationsModule> database)
{
    private readonly OrganisationStatements statements = new(database.Dialect);

    public Task InsertAsync(DbConnection connection, DbTransaction transaction, OrganisationRow row, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(statements.Insert, row, transaction, cancellationToken: cancellationToken));

    public async Task<OrganisationRow?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<OrganisationRow>(new CommandDefinition(statements.GetById, new { id }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<OrganisationRow>> ListAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OrganisationRow>(new CommandDefinition(
            statements.List,
            new { offset = (long)(page - 1) * pageSize, limit = pageSize },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }
}
